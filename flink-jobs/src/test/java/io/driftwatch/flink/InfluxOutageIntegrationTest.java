package io.driftwatch.flink;

import static io.driftwatch.flink.JobTestKit.utf8;
import static io.driftwatch.flink.PredictionEvents.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.SingleObjectCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 30 s InfluxDB outage under steady load on the whole monitoring job (real Kafka → MiniCluster at
 * parallelism 2 → real influxd, stopped and restarted on its port and data): the sink retries and
 * backpressures, the job keeps running, and afterwards every window holds every request.
 */
@Timeout(240)
class InfluxOutageIntegrationTest {

  private static final String DATABASE = "it_influx_outage";
  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  private static final int EVENTS_PER_SECOND = 200;
  private static final int SECONDS_OF_LOAD = 45;
  private static final int TOTAL = EVENTS_PER_SECOND * SECONDS_OF_LOAD;
  private static final Duration OUTAGE_STARTS = Duration.ofSeconds(5);
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @RegisterExtension static final MiniClusterExtension FLINK = JobTestKit.miniCluster();

  @RegisterExtension
  static final JobServices SERVICES =
      JobServices.withTopics(
          k -> {
            k.createTopics(2, "predictions", "alerts", "dead-letters");
          });

  @Test
  void ridesOutA30SecondOutageWithoutLosingAPoint() throws Exception {
    JobClient job = startJob();
    try {
      // One event every 5 ms of event time, sent at the same pace in wall-clock time.
      CompletableFuture<Void> load = CompletableFuture.runAsync(InfluxOutageIntegrationTest::load);
      Thread.sleep(OUTAGE_STARTS.toMillis());
      SERVICES.influxd().stop();
      Thread.sleep(OUTAGE.toMillis());
      assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS))
          .as("job status at the end of the outage")
          .isEqualTo(JobStatus.RUNNING);
      SERVICES.influxd().restart();
      load.get(60, TimeUnit.SECONDS);

      List<List<Object>> rows =
          JobTestKit.awaitRows(
              SERVICES.influxd(),
              DATABASE,
              "SELECT sum(requests), count(requests) FROM serving WHERE model = 'churn'",
              r -> !r.isEmpty() && ((Number) r.get(0).get(1)).longValue() >= TOTAL,
              Duration.ofSeconds(90));
      assertThat(rows).isNotEmpty();
      assertThat(((Number) rows.get(0).get(1)).longValue()).as("requests").isEqualTo(TOTAL);
      assertThat(((Number) rows.get(0).get(2)).longValue())
          .as("1 s windows of %d s of load", SECONDS_OF_LOAD)
          .isEqualTo(SECONDS_OF_LOAD);
      assertThat(
              JobTestKit.rows(
                  SERVICES.influxd(),
                  DATABASE,
                  "SELECT requests FROM serving WHERE model = 'churn' AND requests <> "
                      + EVENTS_PER_SECOND))
          .as("windows missing requests")
          .isEmpty();
      assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  private static void load() {
    long started = System.nanoTime();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / EVENTS_PER_SECOND;
    try (KafkaProducer<byte[], byte[]> producer = JobTestKit.producer(SERVICES.kafka())) {
      for (int i = 0; i < TOTAL; i++) {
        long due = started + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        byte[] value =
            SingleObjectCodec.predictions()
                .encode(ok("churn", START.plusNanos(i * intervalNanos), 1_000));
        producer.send(new ProducerRecord<>("predictions", i % 2, utf8("churn"), value));
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JobClient startJob() throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobTestKit.flinkConf());
    env.setParallelism(JobTestKit.PARALLELISM);
    env.enableCheckpointing(1_000);
    MonitoringJob.attach(
        env,
        MonitorConfig.fromArgs(
            "--bootstrap-servers=" + SERVICES.kafka().bootstrapServers(),
            "--group-id=it-influx-outage",
            "--starting-offsets=earliest",
            "--influx-url=" + SERVICES.influxd().url(),
            "--influx-database=" + DATABASE,
            "--serving-window=1s",
            "--out-of-orderness=200ms",
            "--idle-timeout=2s"));
    return env.executeAsync("influx-outage-it");
  }
}
