package io.driftwatch.flink.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.metrics.MetricPointMapper;
import io.driftwatch.flink.serving.ServingPointMapper;
import io.driftwatch.flink.serving.ServingWindow;
import io.driftwatch.flink.serving.ServingWindowPoints;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertState;
import io.driftwatch.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What the alerting topology reads from serving windows and writes to Kafka and InfluxDB. */
class AlertOutputsTest {

  private static final Instant WINDOW_END = Instant.parse("2026-03-01T10:00:10Z");

  @Test
  void servingPointsCarryExactlyWhatTheServingMeasurementStores() {
    ServingWindow window =
        new ServingWindow("churn", "1", "champion", 0, 10_000, 40, 4, 0.1, 1.5, 2.5, 3.5, 4.0);
    ServingWindow unresolved =
        new ServingWindow("churn", "", "champion", 0, 10_000, 40, 4, 0.1, 1.5, 2.5, 3.5, 4.0);

    for (ServingWindow w : new ServingWindow[] {window, unresolved}) {
      assertThat(
              new MetricPointMapper()
                  .toPoint(new ServingWindowPoints().map(w))
                  .lineProtocol(TimeUnit.MILLISECONDS))
          .isEqualTo(new ServingPointMapper().toPoint(w).lineProtocol(TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void kafkaRecordIsKeyedByFingerprintAndSingleObjectEncoded() {
    Alert alert = alert(AlertState.FIRING, "1", 0.12);

    ProducerRecord<byte[], byte[]> record =
        new AlertRecordSerializer("alerts").serialize(alert, null, null);

    assertThat(record.topic()).isEqualTo("alerts");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("0123456789abcdef");
    assertThat(record.timestamp()).isEqualTo(WINDOW_END.toEpochMilli());
    assertThat(SingleObjectCodec.alerts().decode(record.value())).isEqualTo(alert);
  }

  @Test
  void influxPointHasTheContractTagsAndAStringMessage() {
    String line =
        new AlertPointMapper()
            .toPoint(alert(AlertState.RESOLVED, "1", 0.01))
            .lineProtocol(TimeUnit.MILLISECONDS);

    assertThat(line)
        .isEqualTo(
            "alerts,fingerprint=0123456789abcdef,model=churn,rule=error_rate_high,"
                + "severity=critical,state=RESOLVED,version=1 "
                + "message=\"Error rate \\\"high\\\"\",threshold=0.05,value=0.01 "
                + WINDOW_END.toEpochMilli());
  }

  @Test
  void influxPointLeavesOutAnEmptyVersionAndANonFiniteValue() {
    String line =
        new AlertPointMapper()
            .toPoint(alert(AlertState.RESOLVED, "", Double.NaN))
            .lineProtocol(TimeUnit.MILLISECONDS);

    assertThat(line).doesNotContain("version=").doesNotContain("value=").contains("threshold=0.05");
  }

  private static Alert alert(AlertState state, String version, double value) {
    return Alert.newBuilder()
        .setRule("error_rate_high")
        .setSeverity("critical")
        .setModel("churn")
        .setVersion(version)
        .setState(state)
        .setValue(value)
        .setThreshold(0.05)
        .setMessage("Error rate \"high\"")
        .setLabels(Map.of("alertname", "error_rate_high", "model", "churn"))
        .setFingerprint("0123456789abcdef")
        .setStartsAt(WINDOW_END.minusSeconds(10))
        .setEndsAt(state == AlertState.RESOLVED ? WINDOW_END : null)
        .setWindowEnd(WINDOW_END)
        .build();
  }
}
