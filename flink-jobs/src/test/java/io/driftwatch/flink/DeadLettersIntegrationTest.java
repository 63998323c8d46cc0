package io.driftwatch.flink;

import static io.driftwatch.flink.JobTestKit.utf8;
import static io.driftwatch.flink.PredictionEvents.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.quality.QualityEvents;
import io.driftwatch.schemas.DeadLetter;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import io.driftwatch.schemas.SingleObjectCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Poison records on every input topic of the whole monitoring job (real Kafka → MiniCluster at
 * parallelism 2 → real influxd): each becomes exactly one dead letter naming its topic, offset and
 * reason, and the good records around them are still counted.
 */
@Timeout(180)
class DeadLettersIntegrationTest {

  private static final String DATABASE = "it_dead_letters";
  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension static final MiniClusterExtension FLINK = JobTestKit.miniCluster();

  @RegisterExtension
  static final JobServices SERVICES =
      JobServices.withTopics(
          k -> {
            k.createTopics(2, "predictions", "alerts");
            k.createTopics(1, "labels", "model-events", "dead-letters");
          });

  @Test
  void deadLettersEveryPoisonRecordWithItsReasonAndKeepsCountingTheGoodOnes() throws Exception {
    byte[] prediction = SingleObjectCodec.predictions().encode(ok("churn", START, 1_000));
    byte[] label = SingleObjectCodec.labels().encode(QualityEvents.label("r-1", START, "rain"));
    byte[] blankModel =
        SingleObjectCodec.modelEvents()
            .encode(
                ModelEvent.newBuilder()
                    .setModel(" ")
                    .setVersion("1")
                    .setType(ModelEventType.LOADED)
                    .setEventTime(START)
                    .build());
    try (KafkaProducer<byte[], byte[]> producer = JobTestKit.producer(SERVICES.kafka())) {
      for (int i = 0; i < 20; i++) {
        send(
            producer,
            "predictions",
            SingleObjectCodec.predictions().encode(ok("churn", START.plusMillis(i * 100L), 1_000)));
        if (i == 5) {
          send(producer, "predictions", utf8("garbage")); // offset 6
        }
        if (i == 10) {
          send(producer, "predictions", unknownFingerprint(prediction)); // offset 12
        }
        if (i == 15) {
          send(
              producer,
              "predictions",
              SingleObjectCodec.predictions().encode(ok("churn", START, -5))); // offset 18
        }
      }
      send(producer, "labels", label);
      send(producer, "labels", Arrays.copyOf(label, label.length - 3)); // offset 1
      send(producer, "model-events", blankModel); // offset 0
      send(producer, "model-events", utf8("{\"model\":\"churn\"}")); // offset 1
      producer.flush();
    }

    JobClient job = startJob();
    try {
      List<DeadLetter> letters = awaitDeadLetters(6);
      assertThat(letters)
          .extracting(l -> l.getSource() + "@" + l.getOffset() + ":" + l.getKind())
          .containsExactlyInAnyOrder(
              "predictions@6:undecodable",
              "predictions@12:undecodable",
              "predictions@18:invalid",
              "labels@1:undecodable",
              "model-events@0:invalid",
              "model-events@1:undecodable");
      assertThat(letters).allSatisfy(l -> assertThat(l.getReason()).isNotBlank());
      assertThat(letters)
          .filteredOn(l -> l.getOffset() == 18L)
          .singleElement()
          .satisfies(l -> assertThat(l.getReason()).isEqualTo("negative latency_micros -5"));

      List<List<Object>> served =
          JobTestKit.awaitRows(
              SERVICES.influxd(),
              DATABASE,
              "SELECT sum(requests) FROM serving WHERE model = 'churn'",
              rows -> !rows.isEmpty() && ((Number) rows.get(0).get(1)).longValue() >= 20,
              TIMEOUT);
      assertThat(((Number) served.get(0).get(1)).longValue()).isEqualTo(20);
      assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  private static JobClient startJob() throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobTestKit.flinkConf());
    env.setParallelism(JobTestKit.PARALLELISM);
    MonitoringJob.attach(
        env,
        MonitorConfig.fromArgs(
            "--bootstrap-servers=" + SERVICES.kafka().bootstrapServers(),
            "--group-id=it-dead-letters",
            "--starting-offsets=earliest",
            "--influx-url=" + SERVICES.influxd().url(),
            "--influx-database=" + DATABASE,
            "--serving-window=1s",
            "--out-of-orderness=200ms",
            "--idle-timeout=1s"));
    return env.executeAsync("dead-letters-it");
  }

  /** A well-formed header with a schema fingerprint nobody knows. */
  private static byte[] unknownFingerprint(byte[] encoded) {
    byte[] bytes = encoded.clone();
    bytes[2] ^= (byte) 0xFF;
    return bytes;
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, 0, utf8("churn"), value)).get(30, TimeUnit.SECONDS);
  }

  /**
   * Reads dead-letters until {@code expected} arrived (or the timeout), then 2 s more for extras.
   */
  private static List<DeadLetter> awaitDeadLetters(int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SERVICES.kafka().bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<DeadLetter> letters = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition("dead-letters", 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      long settled = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settled)) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(r -> letters.add(SingleObjectCodec.deadLetters().decode(r.value())));
        if (letters.size() >= expected && settled == Long.MAX_VALUE) {
          settled = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return letters;
  }
}
