package io.driftwatch.flink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.embedded.InfluxdServer;
import io.driftwatch.flink.serving.ServingPointMapper;
import io.driftwatch.flink.serving.ServingWindow;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link InfluxDbWriter} against a real influxd. */
@Timeout(120)
class InfluxDbSinkIntegrationTest {

  private static final long WINDOW_END = 1_767_268_810_000L; // 2026-01-01T12:00:10Z

  @TempDir static Path dataDir;
  private static InfluxdServer influxd;

  private final TestProcessingTimeService timers = new TestProcessingTimeService();
  private final ExecutorService background = Executors.newSingleThreadExecutor();
  private String database;
  private InfluxDB reader;

  @BeforeAll
  static void startInfluxd() throws IOException {
    influxd = InfluxdServer.start(dataDir.resolve("influxd"), 0);
  }

  @AfterAll
  static void stopInfluxd() {
    influxd.close();
  }

  @BeforeEach
  void freshDatabase(TestInfo test) throws Exception {
    timers.setCurrentTime(0);
    database = "it_" + test.getTestMethod().orElseThrow().getName();
    reader = InfluxDbSink.connect(config());
  }

  @AfterEach
  void closeClients() {
    reader.close();
    background.shutdownNow();
  }

  @Test
  void createsTheDatabaseAndWritesAPointAtTheWindowEnd() throws Exception {
    try (InfluxDbWriter<ServingWindow> writer = writer(config())) {
      writer.write(window("churn", 3), null);
      writer.flush(false);
    }

    List<List<Object>> rows = select("SELECT requests, model FROM serving");
    assertThat(rows).hasSize(1);
    assertThat(((Number) rows.get(0).get(0)).longValue()).isEqualTo(WINDOW_END);
    assertThat(rows.get(0).subList(1, 3)).containsExactly(3.0, "churn");
  }

  @Test
  void rewritingAWindowOverwritesItsPointInsteadOfAddingOne() throws Exception {
    try (InfluxDbWriter<ServingWindow> writer = writer(config())) {
      writer.write(window("churn", 3), null);
      writer.flush(false);
      writer.write(window("churn", 5), null);
      writer.flush(false);
    }

    List<List<Object>> rows = select("SELECT requests FROM serving");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get(1)).isEqualTo(5.0);
  }

  @Test
  void writesAFullBatchBeforeReturningAndBuffersTheRest() throws Exception {
    try (InfluxDbWriter<ServingWindow> writer =
        writer(config().withBatching(2, Duration.ofMinutes(1)))) {
      writer.write(window("a", 1), null);
      writer.write(window("b", 1), null);
      assertThat(writer.buffered()).isZero();
      assertThat(select("SELECT requests FROM serving")).hasSize(2);

      writer.write(window("c", 1), null);
      assertThat(writer.buffered()).isEqualTo(1);
      assertThat(select("SELECT requests FROM serving")).hasSize(2);
    }
  }

  @Test
  void flushIntervalTimerWritesAPartialBatch() throws Exception {
    try (InfluxDbWriter<ServingWindow> writer =
        writer(config().withBatching(100, Duration.ofSeconds(1)))) {
      writer.write(window("churn", 1), null);
      timers.setCurrentTime(999);
      assertThat(writer.buffered()).isEqualTo(1);

      timers.setCurrentTime(1000);

      assertThat(writer.buffered()).isZero();
      assertThat(select("SELECT requests FROM serving")).hasSize(1);
    }
  }

  @Test
  void retriesWhileInfluxdIsDownAndWritesOnceItIsBack() throws Exception {
    InfluxDbSinkConfig patient =
        config().withRetries(40, Duration.ofMillis(100), Duration.ofMillis(500));
    try (InfluxDbWriter<ServingWindow> writer = writer(patient)) {
      writer.write(window("churn", 7), null);
      influxd.stop();
      CompletableFuture<Void> flush = CompletableFuture.runAsync(() -> flush(writer), background);
      try {
        Thread.sleep(1500);
        assertThat(flush).as("still retrying while influxd is down").isNotDone();
      } finally {
        influxd.restart();
      }

      flush.get(30, TimeUnit.SECONDS);
      assertThat(writer.buffered()).isZero();
    }

    assertThat(select("SELECT requests FROM serving")).hasSize(1);
  }

  @Test
  void failsAfterTheLastAttemptSoTheJobRestartsFromItsCheckpoint() throws Exception {
    InfluxDbSinkConfig impatient =
        config().withRetries(3, Duration.ofMillis(50), Duration.ofMillis(50));
    try (InfluxDbWriter<ServingWindow> writer = writer(impatient)) {
      writer.write(window("churn", 7), null);
      influxd.stop();
      try {
        assertThatThrownBy(() -> writer.flush(false))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("failed after 3 attempt(s)");
      } finally {
        influxd.restart();
      }
      assertThat(writer.buffered()).as("points kept for the replay").isEqualTo(1);
    }
  }

  private InfluxDbSinkConfig config() {
    return InfluxDbSinkConfig.of(URI.create(influxd.url()), database);
  }

  private InfluxDbWriter<ServingWindow> writer(InfluxDbSinkConfig config) {
    return new InfluxDbWriter<>(
        config,
        new ServingPointMapper(),
        InfluxDbSink.connect(config),
        timers,
        new UnregisteredMetricsGroup());
  }

  private static void flush(InfluxDbWriter<ServingWindow> writer) {
    try {
      writer.flush(false);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ServingWindow window(String model, long requests) {
    return new ServingWindow(
        model,
        "1",
        "champion",
        WINDOW_END - 10_000,
        WINDOW_END,
        requests,
        0,
        0,
        1,
        2,
        3,
        requests / 10.0);
  }

  private List<List<Object>> select(String influxQl) {
    QueryResult result = reader.query(new Query(influxQl, database), TimeUnit.MILLISECONDS);
    assertThat(result.hasError()).as("query error %s", result.getError()).isFalse();
    QueryResult.Result first = result.getResults().get(0);
    assertThat(first.hasError()).as("query error %s", first.getError()).isFalse();
    return first.getSeries() == null ? List.of() : first.getSeries().get(0).getValues();
  }
}
