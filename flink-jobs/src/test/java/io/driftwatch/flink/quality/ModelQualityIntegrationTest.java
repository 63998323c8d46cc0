package io.driftwatch.flink.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.JobServices;
import io.driftwatch.flink.JobTestKit;
import io.driftwatch.flink.MonitorConfig;
import io.driftwatch.flink.MonitoringJob;
import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Model quality and concept drift inside the whole monitoring job: real Kafka (predictions and
 * labels on 2 partitions each) → Flink MiniCluster at parallelism 2 → real influxd. The champion's
 * error rate steps from 10% to 50% after two windows, the challenger's stays at 10%. Labels come
 * 0.2–2 s after their predictions, out of order within 400 ms, for 80% of the predictions; a few
 * come after the maximum delay and a few match no request.
 */
@Timeout(240)
class ModelQualityIntegrationTest {

  private static final int PARALLELISM = JobTestKit.PARALLELISM;
  private static final String DATABASE = "it_quality";
  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final Duration MAX_DELAY = Duration.ofSeconds(6);
  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant SHIFT = START.plus(WINDOW.multipliedBy(2));
  private static final Instant END = START.plus(WINDOW.multipliedBy(4));
  private static final long STEP_MS = 10;

  @RegisterExtension static final MiniClusterExtension FLINK = JobTestKit.miniCluster();

  @RegisterExtension
  static final JobServices SERVICES =
      JobServices.withTopics(
          k -> {
            k.createTopics(PARALLELISM, "predictions", "labels", "alerts", "dead-letters");
          });

  @Test
  void accuracyDropsAndConceptDriftFiresAfterTheChampionsErrorRateStepsUp() throws Exception {
    Random random = new Random(5);
    List<LabelEvent> labels = new ArrayList<>();
    long predictions = 0;
    long labeledInTime = 0;
    long tooLate = 0;
    try (KafkaProducer<byte[], byte[]> producer = JobTestKit.producer(SERVICES.kafka())) {
      for (Instant t = START; t.isBefore(END); t = t.plusMillis(STEP_MS)) {
        String id = "req-" + predictions++;
        boolean champion = random.nextDouble() < 0.7;
        double errorRate = champion && !t.isBefore(SHIFT) ? 0.5 : 0.1;
        boolean yes = random.nextBoolean();
        String predicted = yes ? "yes" : "no";
        double pYes = yes ? 0.6 + 0.4 * random.nextDouble() : 0.4 * random.nextDouble();
        producer.send(
            new ProducerRecord<>(
                "predictions",
                random.nextInt(PARALLELISM),
                JobTestKit.utf8("churn"),
                SingleObjectCodec.predictions()
                    .encode(
                        QualityEvents.prediction(
                            id,
                            champion ? "1" : "2",
                            champion ? "champion" : "challenger",
                            t,
                            predicted,
                            pYes))));
        double draw = random.nextDouble();
        if (draw < 0.8) {
          String actual = random.nextDouble() < errorRate ? (yes ? "no" : "yes") : predicted;
          boolean late = draw < 0.02;
          long delay = late ? 8_000 : 200 + random.nextInt(1_800);
          labels.add(QualityEvents.label(id, t.plusMillis(delay), actual));
          if (late) {
            tooLate++;
          } else {
            labeledInTime++;
          }
        }
      }
      for (int i = 0; i < 10; i++) {
        labels.add(QualityEvents.label("unknown-" + i, START.plusSeconds(i), "yes"));
      }
      // In label-time order, each label moved by up to 400 ms (within the out-of-orderness).
      Map<LabelEvent, Long> jittered = new java.util.IdentityHashMap<>();
      for (LabelEvent label : labels) {
        jittered.put(label, label.getEventTime().toEpochMilli() + random.nextInt(400));
      }
      labels.sort(Comparator.comparingLong(jittered::get));
      for (LabelEvent label : labels) {
        producer.send(
            new ProducerRecord<>(
                "labels",
                random.nextInt(PARALLELISM),
                JobTestKit.utf8(label.getRequestId()),
                SingleObjectCodec.labels().encode(label)));
      }
      producer.send(
          new ProducerRecord<>(
              "labels", 0, JobTestKit.utf8("garbage"), JobTestKit.utf8("garbage")));
      producer.flush();
    }

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobTestKit.flinkConf());
    env.setParallelism(PARALLELISM);
    MonitoringJob.attach(
        env,
        MonitorConfig.fromArgs(
            "--bootstrap-servers=" + SERVICES.kafka().bootstrapServers(),
            "--group-id=it-quality",
            "--starting-offsets=earliest",
            "--influx-url=" + SERVICES.influxd().url(),
            "--influx-database=" + DATABASE,
            "--quality-window=" + WINDOW.toMillis() + "ms",
            "--label-max-delay=" + MAX_DELAY.toMillis() + "ms",
            "--comparison-min-samples=50",
            "--out-of-orderness=500ms",
            "--idle-timeout=1s"));
    JobClient job = env.executeAsync("quality-it");
    try {
      long total = predictions;
      long unmatched = tooLate + 10;
      List<Object> joins =
          await(
                  "SELECT sum(matched), sum(expired), sum(late_or_unmatched), sum(unusable)"
                      + " FROM label_join",
                  rows ->
                      !rows.isEmpty()
                          && number(rows.get(0), 1) + number(rows.get(0), 2) >= total
                          && number(rows.get(0), 3) >= unmatched)
              .get(0);
      assertThat(number(joins, 1)).as("matched").isEqualTo(labeledInTime);
      assertThat(number(joins, 2))
          .as("expired: the unlabeled and the too late")
          .isEqualTo(total - labeledInTime);
      assertThat(number(joins, 3)).as("late or unmatched").isEqualTo(unmatched);
      assertThat(number(joins, 4)).as("unusable").isZero();

      Map<Long, Double> accuracy =
          byTime(
              await(
                  "SELECT accuracy FROM model_quality WHERE variant = 'champion'",
                  rows -> rows.size() >= 5));
      assertThat(accuracy).containsKeys(millis(START.plus(WINDOW)), millis(SHIFT), millis(END));
      assertThat(accuracy.get(millis(START.plus(WINDOW)))).isGreaterThan(0.82);
      assertThat(accuracy.get(millis(SHIFT))).isGreaterThan(0.82);
      assertThat(accuracy.get(millis(END))).isBetween(0.4, 0.6);
      assertThat(
              byTime(query("SELECT labeled FROM model_quality WHERE variant = 'champion'"))
                  .values())
          .allSatisfy(n -> assertThat(n).isPositive());
      assertThat(
              byTime(
                      query(
                          "SELECT label_delay_p50_ms FROM model_quality WHERE variant = 'challenger'"))
                  .values())
          .allSatisfy(ms -> assertThat(ms).isBetween(200.0, 2_000.0));

      for (String detector : List.of("adwin", "ddm", "page_hinkley")) {
        Map<Long, Double> detected =
            byTime(
                await(
                    "SELECT detected FROM concept_drift WHERE version = '1' AND detector = '"
                        + detector
                        + "'",
                    rows -> rows.size() >= 5));
        assertThat(detected.entrySet())
            .as(detector + " detects the step in a window after it")
            .anySatisfy(
                e -> {
                  assertThat(e.getKey()).isGreaterThan(millis(SHIFT));
                  assertThat(e.getValue()).isEqualTo(1.0);
                });
      }
      assertThat(
              byTime(
                      query(
                          "SELECT detected FROM concept_drift WHERE detector = 'adwin' AND"
                              + " time <= "
                              + millis(SHIFT)
                              + "ms"))
                  .values())
          .as("adwin: no alarm before the step")
          .isNotEmpty()
          .containsOnly(0.0);

      List<List<Object>> comparisons =
          await(
              "SELECT difference, p_value, enough_data FROM variant_comparison"
                  + " WHERE metric = 'accuracy' AND champion = '1' AND challenger = '2'",
              rows -> rows.size() >= 5);
      Map<Long, List<Object>> comparisonByTime = new TreeMap<>();
      comparisons.forEach(row -> comparisonByTime.put(((Number) row.get(0)).longValue(), row));
      List<Object> before = comparisonByTime.get(millis(SHIFT));
      List<Object> after = comparisonByTime.get(millis(END));
      assertThat(Math.abs(number(before, 1))).isLessThan(0.1);
      assertThat(number(after, 1)).as("challenger better by").isBetween(0.25, 0.55);
      assertThat(number(after, 2)).as("p-value").isLessThan(1e-4);
      assertThat(number(after, 3)).as("enough data").isEqualTo(1.0);
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  private static long millis(Instant instant) {
    return instant.toEpochMilli();
  }

  private static List<List<Object>> query(String influxQl) {
    return JobTestKit.rows(SERVICES.influxd(), DATABASE, influxQl);
  }

  private static List<List<Object>> await(String influxQl, Predicate<List<List<Object>>> done)
      throws InterruptedException {
    return JobTestKit.awaitRows(
        SERVICES.influxd(), DATABASE, influxQl, done, Duration.ofSeconds(120));
  }

  private static double number(List<Object> row, int column) {
    return row.get(column) == null ? Double.NaN : ((Number) row.get(column)).doubleValue();
  }

  /** The first field by point time. */
  private static Map<Long, Double> byTime(List<List<Object>> rows) {
    Map<Long, Double> values = new TreeMap<>();
    for (List<Object> row : rows) {
      values.put(((Number) row.get(0)).longValue(), number(row, 1));
    }
    return values;
  }
}
