package io.driftwatch.flink;

import static io.driftwatch.flink.PredictionEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole monitoring job: real Kafka → Flink MiniCluster (parallelism 2) → real influxd. */
@Timeout(180)
class MonitoringJobIntegrationTest {

  private static final int PARALLELISM = JobTestKit.PARALLELISM;
  private static final String DATABASE = "it_monitoring";
  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension static final MiniClusterExtension FLINK = JobTestKit.miniCluster();

  @RegisterExtension
  static final JobServices SERVICES =
      JobServices.withTopics(
          k -> {
            k.createTopics(2, "predictions", "alerts", "dead-letters");
          });

  @Test
  void countsEveryProducedRequestAndErrorPerModelAndKeepsRunningPastGarbage() throws Exception {
    // churn on partition 0: 30 requests over 3 s, every 5th a server error.
    // fraud on partition 1: 20 requests over 2 s, every 5th a client error.
    // One garbage record on partition 0 between them.
    try (KafkaProducer<byte[], byte[]> producer = JobTestKit.producer(SERVICES.kafka())) {
      for (int i = 0; i < 30; i++) {
        PredictionStatus status = i % 5 == 0 ? PredictionStatus.SERVER_ERROR : PredictionStatus.OK;
        send(producer, 0, "churn", encode("churn", START.plusMillis(i * 100L), status));
        if (i == 10) {
          send(producer, 0, "churn", "garbage".getBytes(StandardCharsets.UTF_8));
        }
      }
      for (int i = 0; i < 20; i++) {
        PredictionStatus status = i % 5 == 0 ? PredictionStatus.CLIENT_ERROR : PredictionStatus.OK;
        send(producer, 1, "fraud", encode("fraud", START.plusMillis(i * 100L), status));
      }
      producer.flush();
    }

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobTestKit.flinkConf());
    env.setParallelism(PARALLELISM);
    assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
    MonitoringJob.attach(
        env,
        MonitorConfig.fromArgs(
            "--bootstrap-servers=" + SERVICES.kafka().bootstrapServers(),
            "--group-id=it-monitoring",
            "--starting-offsets=earliest",
            "--influx-url=" + SERVICES.influxd().url(),
            "--influx-database=" + DATABASE,
            "--serving-window=1s",
            "--out-of-orderness=200ms",
            "--idle-timeout=1s"));
    JobClient job = env.executeAsync("monitoring-it");
    try {
      Map<String, long[]> totals = awaitTotals(Map.of("churn", 30L, "fraud", 20L));

      assertThat(totals.get("churn")).containsExactly(30, 6);
      assertThat(totals.get("fraud")).containsExactly(20, 4);
      assertThat(windowCount("churn")).as("3 s of churn traffic in 1 s windows").isEqualTo(3);
      assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, int partition, String model, byte[] value)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                "predictions", partition, model.getBytes(StandardCharsets.UTF_8), value))
        .get(30, TimeUnit.SECONDS);
  }

  private static byte[] encode(String model, Instant eventTime, PredictionStatus status) {
    return SingleObjectCodec.predictions().encode(event(model, eventTime, 2_500, status));
  }

  /** Polls InfluxDB until each model's summed requests reach the expected count. */
  private static Map<String, long[]> awaitTotals(Map<String, Long> expectedRequests)
      throws InterruptedException {
    long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
    while (true) {
      Map<String, long[]> totals = totals();
      boolean complete =
          expectedRequests.entrySet().stream()
              .allMatch(
                  e -> totals.containsKey(e.getKey()) && totals.get(e.getKey())[0] >= e.getValue());
      if (complete || System.nanoTime() > deadline) {
        return totals;
      }
      Thread.sleep(500);
    }
  }

  /** Summed requests and errors of all serving points, by model. */
  private static Map<String, long[]> totals() {
    Map<String, long[]> totals = new HashMap<>();
    for (QueryResult.Series series :
        series("SELECT sum(requests), sum(errors) FROM serving GROUP BY model")) {
      List<Object> row = series.getValues().get(0);
      totals.put(
          series.getTags().get("model"),
          new long[] {((Number) row.get(1)).longValue(), ((Number) row.get(2)).longValue()});
    }
    return totals;
  }

  private static long windowCount(String model) {
    List<QueryResult.Series> series =
        series("SELECT count(requests) FROM serving WHERE model = '" + model + "'");
    return ((Number) series.get(0).getValues().get(0).get(1)).longValue();
  }

  private static List<QueryResult.Series> series(String influxQl) {
    try (InfluxDB client = InfluxDBFactory.connect(SERVICES.influxd().url())) {
      QueryResult result = client.query(new Query(influxQl, DATABASE));
      QueryResult.Result first = result.getResults().get(0);
      // Before the first write the database does not exist yet; that reads as no data.
      return first.getSeries() == null ? List.of() : first.getSeries();
    }
  }
}
