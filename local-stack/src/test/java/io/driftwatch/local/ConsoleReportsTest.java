package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.embedded.InfluxdServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's console lines, read back from a real influxd the way the demo reads them. */
class ConsoleReportsTest {

  private static final Instant FIRST_WINDOW_END = Instant.parse("2026-11-22T10:01:00Z");
  private static final Instant SECOND_WINDOW_END = Instant.parse("2026-11-22T10:02:00Z");
  private static final Instant THIRD_WINDOW_END = Instant.parse("2026-11-22T10:03:00Z");

  @TempDir static Path work;
  private static InfluxdServer influxd;
  private static InfluxDB influx;

  @BeforeAll
  static void startInfluxd() throws Exception {
    influxd = InfluxdServer.start(work.resolve("influxdb"), 0);
    influx = InfluxDBFactory.connect(influxd.url());
  }

  @AfterAll
  static void stopInfluxd() {
    if (influx != null) {
      influx.close();
    }
    if (influxd != null) {
      influxd.close();
    }
  }

  @Test
  void reportsAFeatureWhenItStartsAndStopsDriftingButNotWhileItStaysTheSame() {
    String db = "drift_report";
    influx.query(new Query("CREATE DATABASE " + db));
    try (InfluxTail tail = new InfluxTail(influxd.url(), db)) {
      DetectionReport report = new DetectionReport(tail);
      write(db, drift("temp_max", FIRST_WINDOW_END, 0, 0.02));
      write(db, drift("wind", FIRST_WINDOW_END, 0, 0.01));
      assertThat(report.newLines()).isEmpty();

      write(db, drift("temp_max", SECOND_WINDOW_END, 1, 0.41));
      write(db, drift("wind", SECOND_WINDOW_END, 0, 0.02));
      assertThat(report.newLines())
          .singleElement()
          .asString()
          .contains("seattle-weather v1 DRIFT", "feature temp_max", "drift_score=0.410", "n=600");

      write(db, drift("temp_max", THIRD_WINDOW_END, 0, 0.03));
      assertThat(report.newLines())
          .singleElement()
          .asString()
          .contains("recovered  feature temp_max");
      assertThat(report.newLines()).isEmpty();
    }
  }

  @Test
  void reportsEveryAlertTransitionOnce() {
    String db = "alert_report";
    influx.query(new Query("CREATE DATABASE " + db));
    try (InfluxTail tail = new InfluxTail(influxd.url(), db)) {
      DetectionReport report = new DetectionReport(tail);
      write(
          db,
          Point.measurement("alerts")
              .time(SECOND_WINDOW_END.toEpochMilli(), TimeUnit.MILLISECONDS)
              .tag("rule", "accuracy_drop")
              .tag("severity", "critical")
              .tag("model", "seattle-weather")
              .tag("version", "1")
              .tag("state", "FIRING")
              .tag("fingerprint", "0123456789abcdef")
              .addField("value", 0.68)
              .addField("threshold", 0.7)
              .addField("message", "accuracy 0.68 < 0.7")
              .build());

      assertThat(report.newLines())
          .singleElement()
          .asString()
          .contains("seattle-weather v1 ALERT FIRING critical accuracy_drop: accuracy 0.68 < 0.7");
      assertThat(report.newLines()).isEmpty();
    }
  }

  @Test
  void reportsAStaleResolveWrittenAfterALaterAlertOnce() {
    String db = "stale_report";
    influx.query(new Query("CREATE DATABASE " + db));
    try (InfluxTail tail = new InfluxTail(influxd.url(), db)) {
      DetectionReport report = new DetectionReport(tail);
      write(db, alert("2", "FIRING", THIRD_WINDOW_END, "latency_p99_high", "p99 60 ms > 50 ms"));
      assertThat(report.newLines()).singleElement().asString().contains("v2 ALERT FIRING");

      write(db, alert("1", "RESOLVED", SECOND_WINDOW_END, "dataset_drift", "stale: no points"));

      assertThat(report.newLines())
          .singleElement()
          .asString()
          .contains("seattle-weather v1 ALERT RESOLVED", "dataset_drift: stale: no points");
      assertThat(report.newLines()).isEmpty();
    }
  }

  private static Point alert(
      String version, String state, Instant time, String rule, String message) {
    return Point.measurement("alerts")
        .time(time.toEpochMilli(), TimeUnit.MILLISECONDS)
        .tag("rule", rule)
        .tag("severity", "critical")
        .tag("model", "seattle-weather")
        .tag("version", version)
        .tag("state", state)
        .tag("fingerprint", version + "123456789abcdef")
        .addField("message", message)
        .build();
  }

  @Test
  void printsOneLinePerServingWindowOnce() {
    String db = "serving_report";
    influx.query(new Query("CREATE DATABASE " + db));
    try (InfluxTail tail = new InfluxTail(influxd.url(), db)) {
      ServingWindowReport report = new ServingWindowReport(tail);
      write(
          db,
          Point.measurement("serving")
              .time(FIRST_WINDOW_END.toEpochMilli(), TimeUnit.MILLISECONDS)
              .tag("model", "seattle-weather")
              .tag("version", "1")
              .tag("variant", "champion")
              .addField("requests", 200L)
              .addField("errors", 4L)
              .addField("error_rate", 0.02)
              .addField("latency_p50_ms", 0.5)
              .addField("latency_p95_ms", 0.9)
              .addField("latency_p99_ms", 1.5)
              .addField("throughput_rps", 20.0)
              .build());

      assertThat(report.newLines())
          .singleElement()
          .asString()
          .contains("2026-11-22T10:01:00Z", "requests=200", "errors=4", "2.0%", "p99=1.50ms");
      assertThat(report.newLines()).isEmpty();
    }
  }

  private static Point drift(String feature, Instant windowEnd, int drifted, double score) {
    return Point.measurement("feature_drift")
        .time(windowEnd.toEpochMilli(), TimeUnit.MILLISECONDS)
        .tag("model", "seattle-weather")
        .tag("version", "1")
        .tag("feature", feature)
        .addField("drifted", drifted)
        .addField("drift_score", score)
        .addField("psi", score)
        .addField("n", 600L)
        .build();
  }

  private static void write(String db, Point point) {
    influx.write(db, "autogen", point);
  }
}
