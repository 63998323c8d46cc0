package io.driftwatch.flink.alerting;

import static io.driftwatch.flink.PredictionEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.JobServices;
import io.driftwatch.flink.JobTestKit;
import io.driftwatch.flink.MonitorConfig;
import io.driftwatch.flink.MonitoringJob;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertState;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerting inside the whole monitoring job: real Kafka (predictions on 2 partitions, the alerts
 * topic) → Flink MiniCluster at parallelism 2 → the alerts topic and a real influxd. Every request
 * fails for 3 s, then every request succeeds for 3 s, in 1 s serving windows.
 */
@Timeout(180)
class AlertingJobIntegrationTest {

  private static final int PARALLELISM = JobTestKit.PARALLELISM;
  private static final String DATABASE = "it_alerting";
  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant RECOVERY = START.plusSeconds(3);
  private static final Instant END = START.plusSeconds(6);
  private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(90);
  private static final String RULES =
      """
      rules:
        - name: error_rate_high
          measurement: serving
          field: error_rate
          comparison: ">"
          threshold: 0.5
          forWindows: 2
          resolveThreshold: 0.2
          severity: critical
      """;

  @RegisterExtension static final MiniClusterExtension FLINK = JobTestKit.miniCluster();

  @RegisterExtension
  static final JobServices SERVICES =
      JobServices.withTopics(
          k -> k.createTopics(PARALLELISM, "predictions", "alerts", "dead-letters"));

  @TempDir static Path dataDir;

  @Test
  void firesInTheSecondFailingWindowAndResolvesInTheFirstHealthyOne() throws Exception {
    Path rules = Files.writeString(dataDir.resolve("rules.yaml"), RULES);
    try (KafkaProducer<byte[], byte[]> producer = JobTestKit.producer(SERVICES.kafka())) {
      int i = 0;
      for (Instant t = START; t.isBefore(END); t = t.plusMillis(100), i++) {
        PredictionStatus status =
            t.isBefore(RECOVERY) ? PredictionStatus.SERVER_ERROR : PredictionStatus.OK;
        byte[] value = SingleObjectCodec.predictions().encode(event("churn", t, 2_500, status));
        producer.send(
            new ProducerRecord<>("predictions", i % PARALLELISM, JobTestKit.utf8("churn"), value));
      }
      producer.flush();
    }

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobTestKit.flinkConf());
    env.setParallelism(PARALLELISM);
    MonitoringJob.attach(
        env,
        MonitorConfig.fromArgs(
            "--bootstrap-servers=" + SERVICES.kafka().bootstrapServers(),
            "--group-id=it-alerting",
            "--starting-offsets=earliest",
            "--influx-url=" + SERVICES.influxd().url(),
            "--influx-database=" + DATABASE,
            "--serving-window=1s",
            "--out-of-orderness=200ms",
            "--idle-timeout=1s",
            "--alert-rules=" + rules));
    JobClient job = env.executeAsync("alerting-it");
    try {
      List<ConsumerRecord<byte[], byte[]>> records = awaitAlertRecords(2);

      assertThat(records).hasSize(2);
      List<Alert> alerts = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : records) {
        Alert alert = SingleObjectCodec.alerts().decode(record.value());
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
            .isEqualTo(alert.getFingerprint());
        alerts.add(alert);
      }
      Alert firing = alerts.get(0);
      Alert resolved = alerts.get(1);
      assertThat(firing.getState()).isEqualTo(AlertState.FIRING);
      assertThat(firing.getRule()).isEqualTo("error_rate_high");
      assertThat(firing.getModel()).isEqualTo("churn");
      assertThat(firing.getVersion()).isEqualTo("1");
      assertThat(firing.getValue()).isEqualTo(1.0);
      assertThat(firing.getWindowEnd()).isEqualTo(START.plusSeconds(2));
      assertThat(resolved.getState()).isEqualTo(AlertState.RESOLVED);
      assertThat(resolved.getFingerprint()).isEqualTo(firing.getFingerprint());
      assertThat(resolved.getValue()).isZero();
      assertThat(resolved.getStartsAt()).isEqualTo(START.plusSeconds(2));
      assertThat(resolved.getEndsAt()).isEqualTo(RECOVERY.plusSeconds(1));

      List<List<Object>> rows =
          JobTestKit.awaitRows(
              SERVICES.influxd(),
              DATABASE,
              "SELECT value, threshold, message, state, model, severity FROM alerts"
                  + " WHERE rule = 'error_rate_high'",
              r -> r.size() >= 2,
              RESULT_TIMEOUT);
      assertThat(rows).hasSize(2);
      assertThat(rows.get(0))
          .containsExactly(
              (double) START.plusSeconds(2).toEpochMilli(),
              1.0,
              0.5,
              firing.getMessage(),
              "FIRING",
              "churn",
              "critical");
      assertThat(((Number) rows.get(1).get(0)).longValue())
          .isEqualTo(RECOVERY.plusSeconds(1).toEpochMilli());
      assertThat(rows.get(1).subList(1, 5))
          .containsExactly(0.0, 0.5, resolved.getMessage(), "RESOLVED");
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  /** Reads the alerts topic from the start until {@code expected} records arrived, or times out. */
  private static List<ConsumerRecord<byte[], byte[]>> awaitAlertRecords(int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SERVICES.kafka().bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-alerting-reader");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("alerts"));
      long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      // A little longer, so a duplicate or a spurious third alert would show.
      consumer.poll(Duration.ofSeconds(2)).forEach(records::add);
    }
    records.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    return records;
  }
}
