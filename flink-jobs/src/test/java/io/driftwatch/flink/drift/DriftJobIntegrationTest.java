package io.driftwatch.flink.drift;

import static io.driftwatch.flink.drift.DriftEvents.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.JobServices;
import io.driftwatch.flink.JobTestKit;
import io.driftwatch.flink.MonitorConfig;
import io.driftwatch.flink.MonitoringJob;
import io.driftwatch.schemas.SingleObjectCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drift topology inside the whole monitoring job: real Kafka (predictions on 2 partitions, a
 * compacted model-events topic) → Flink MiniCluster at parallelism 2 → real influxd. The age
 * feature shifts by one standard deviation after two windows.
 */
@Timeout(180)
class DriftJobIntegrationTest {

  private static final int PARALLELISM = JobTestKit.PARALLELISM;
  private static final String DATABASE = "it_drift";
  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant SHIFT = START.plus(WINDOW.multipliedBy(2));
  private static final Instant END = START.plus(WINDOW.multipliedBy(4));
  private static final int PER_WINDOW = 625;

  @RegisterExtension static final MiniClusterExtension FLINK = JobTestKit.miniCluster();

  @RegisterExtension
  static final JobServices SERVICES =
      JobServices.withTopics(
          k -> {
            k.createTopics(PARALLELISM, "predictions", "alerts", "dead-letters");
            k.createTopic("model-events", 1, Map.of("cleanup.policy", "compact"));
          });

  @Test
  void flagsTheShiftedFeatureInTheWindowsAfterTheShiftOnly() throws Exception {
    Random random = new Random(3);
    try (KafkaProducer<byte[], byte[]> producer = JobTestKit.producer(SERVICES.kafka())) {
      producer
          .send(
              new ProducerRecord<>(
                  "model-events",
                  JobTestKit.utf8("churn/1"),
                  SingleObjectCodec.modelEvents()
                      .encode(DriftEvents.loaded(DriftEvents.reference(20_000, 11)))))
          .get(30, TimeUnit.SECONDS);
      long step = WINDOW.toMillis() / PER_WINDOW;
      for (Instant t = START; t.isBefore(END); t = t.plusMillis(step)) {
        double shift = t.isBefore(SHIFT) ? 0.0 : 1.0;
        byte[] value = SingleObjectCodec.predictions().encode(prediction(random, t, shift, false));
        producer.send(
            new ProducerRecord<>(
                "predictions", random.nextInt(2), JobTestKit.utf8("churn"), value));
      }
      producer.send(
          new ProducerRecord<>(
              "predictions", 0, JobTestKit.utf8("churn"), JobTestKit.utf8("garbage")));
      producer.flush();
    }

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobTestKit.flinkConf());
    env.setParallelism(PARALLELISM);
    MonitoringJob.attach(
        env,
        MonitorConfig.fromArgs(
            "--bootstrap-servers=" + SERVICES.kafka().bootstrapServers(),
            "--group-id=it-drift",
            "--starting-offsets=earliest",
            "--influx-url=" + SERVICES.influxd().url(),
            "--influx-database=" + DATABASE,
            "--drift-window=" + WINDOW.toMillis() + "ms",
            "--out-of-orderness=200ms",
            "--idle-timeout=1s"));
    JobClient job = env.executeAsync("drift-it");
    try {
      Map<Long, Long> drifted =
          awaitWindows("SELECT drifted FROM feature_drift WHERE feature = 'age'", 4);

      assertThat(drifted)
          .as("age drifted per window end")
          .containsExactlyEntriesOf(
              new TreeMap<>(
                  Map.of(
                      START.plus(WINDOW).toEpochMilli(), 0L,
                      SHIFT.toEpochMilli(), 0L,
                      SHIFT.plus(WINDOW).toEpochMilli(), 1L,
                      END.toEpochMilli(), 1L)));
      assertThat(awaitWindows("SELECT drifted FROM feature_drift WHERE feature = 'plan'", 4))
          .as("plan never drifts")
          .containsOnlyKeys(drifted.keySet())
          .allSatisfy((time, flag) -> assertThat(flag).isZero());
      assertThat(awaitWindows("SELECT drifted FROM dataset_drift", 4).values())
          .containsExactly(0L, 0L, 1L, 1L);
      assertThat(awaitWindows("SELECT n FROM data_quality WHERE feature = 'age'", 4).values())
          .allSatisfy(n -> assertThat(n).isBetween(PER_WINDOW - 10L, PER_WINDOW + 10L));
      assertThat(
              awaitWindows("SELECT evaluated FROM prediction_drift WHERE output = 'class'", 4)
                  .values())
          .containsOnly(1L);
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  /** Polls until the query returns {@code expected} rows; the first field by point time. */
  private static Map<Long, Long> awaitWindows(String influxQl, int expected)
      throws InterruptedException {
    Map<Long, Long> byTime = new TreeMap<>();
    for (List<Object> row :
        JobTestKit.awaitRows(
            SERVICES.influxd(),
            DATABASE,
            influxQl,
            rows -> rows.size() >= expected,
            Duration.ofSeconds(90))) {
      byTime.put(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
    }
    return byTime;
  }
}
