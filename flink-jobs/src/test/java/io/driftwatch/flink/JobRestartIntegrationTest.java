package io.driftwatch.flink;

import static io.driftwatch.flink.JobTestKit.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.flink.drift.DriftEvents;
import io.driftwatch.flink.quality.QualityEvents;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
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

/**
 * The whole monitoring job (serving, drift, data quality, label join, model quality, concept drift,
 * alerts) loses its only task manager mid-stream, restarts from its last checkpoint on a new one,
 * and writes the InfluxDB points a failure-free run over the same input writes (real Kafka →
 * MiniCluster at parallelism 2 → real influxd).
 *
 * <p>The input is built to be deterministic: windows hold fewer values than a KLL sketch keeps
 * before its first (randomized) compaction, every input partition ends with an event far in the
 * future so that every window closes by watermark, and the idle timeout is longer than the test, so
 * clock time never decides what is late.
 */
@Timeout(300)
class JobRestartIntegrationTest {

  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  private static final int PREDICTIONS = 1_200; // one per 100 ms: 100 per 10 s window
  private static final Duration SPACING = Duration.ofMillis(100);
  private static final Duration RESULTS_TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension static final MiniClusterExtension FLINK = JobTestKit.miniCluster();

  @RegisterExtension
  static final JobServices SERVICES =
      JobServices.withTopics(
          k -> {
            k.createTopics(2, "predictions", "labels", "alerts", "dead-letters");
            k.createTopics(1, "model-events");
          });

  @Test
  void writesTheSamePointsAfterLosingItsTaskManagerAsWithoutFailure(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    List<ProducerRecord<byte[], byte[]>> input = input();
    int half = input.size() / 2;

    Map<String, List<List<Object>>> restarted;
    JobClient failing = startJob("restarted", "it-restart-failing");
    try {
      produce(input.subList(0, half));
      awaitServedRequests("restarted", 200);
      Thread.sleep(2_000); // a few 200 ms checkpoints complete
      cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
      cluster.startTaskManager();
      produce(input.subList(half, input.size()));
      awaitServedRequests("restarted", PREDICTIONS);
      restarted = awaitSettled("restarted");
      assertThat(failing.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
    } finally {
      failing.cancel().get(30, TimeUnit.SECONDS);
    }

    // The same input again, from the start, on the freed slots.
    JobClient clean = startJob("clean", "it-restart-clean");
    Map<String, List<List<Object>>> expected;
    try {
      awaitServedRequests("clean", PREDICTIONS);
      expected = awaitSettled("clean");
    } finally {
      clean.cancel().get(30, TimeUnit.SECONDS);
    }

    assertThat(expected.keySet())
        .as("series of the failure-free run")
        .anyMatch(s -> s.startsWith("feature_drift"))
        .anyMatch(s -> s.startsWith("model_quality"))
        .anyMatch(s -> s.startsWith("serving"));
    assertThat(restarted.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((series, rows) -> assertSameRows(series, rows, restarted.get(series)));
  }

  /**
   * Same times, same tags, same values; numbers equal to 1e-9 relative. Why not bit for bit: on a
   * fresh start the job reads {@code model-events} and {@code predictions} concurrently, and rows
   * that arrive before their profile are kept in the window's sketch only, so that window's PSI and
   * JS come from the (here exact, uncompacted) live sketch instead of its bin counts: the same
   * numbers up to floating-point rounding. Every other difference fails.
   */
  private static void assertSameRows(
      String series, List<List<Object>> expected, List<List<Object>> actual) {
    assertThat(actual).as(series).hasSameSizeAs(expected);
    for (int r = 0; r < expected.size(); r++) {
      List<Object> want = expected.get(r);
      List<Object> got = actual.get(r);
      assertThat(got).as("%s row %d", series, r).hasSameSizeAs(want);
      for (int c = 0; c < want.size(); c++) {
        Object w = want.get(c);
        Object g = got.get(c);
        if (w instanceof Number wn && g instanceof Number gn) {
          double tolerance = 1e-9 * Math.max(1, Math.abs(wn.doubleValue()));
          assertThat(gn.doubleValue())
              .as("%s row %d column %d", series, r, c)
              .isCloseTo(wn.doubleValue(), within(tolerance));
        } else {
          assertThat(g).as("%s row %d column %d", series, r, c).isEqualTo(w);
        }
      }
    }
  }

  /**
   * Predictions of one model alternating over two partitions, every second one labeled 1 s later;
   * the age feature shifts by 1 σ halfway; each partition ends with an event an hour later.
   */
  private static List<ProducerRecord<byte[], byte[]>> input() {
    Random random = new Random(42);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    records.add(
        new ProducerRecord<>(
            "model-events",
            0,
            utf8(DriftEvents.MODEL + "/1"),
            SingleObjectCodec.modelEvents()
                .encode(DriftEvents.loaded(DriftEvents.reference(5_000, 7)))));
    for (int i = 0; i < PREDICTIONS; i++) {
      Instant time = START.plus(SPACING.multipliedBy(i));
      PredictionEvent prediction =
          DriftEvents.prediction(random, time, i < PREDICTIONS / 2 ? 0 : 1.0, false);
      records.add(
          new ProducerRecord<>(
              "predictions",
              i % 2,
              utf8(DriftEvents.MODEL),
              SingleObjectCodec.predictions().encode(prediction)));
      if (i % 2 == 0) {
        String actual = random.nextDouble() < 0.8 ? prediction.getPredictedClass() : "other";
        records.add(
            new ProducerRecord<>(
                "labels",
                (i / 2) % 2,
                utf8(prediction.getRequestId()),
                SingleObjectCodec.labels()
                    .encode(
                        QualityEvents.label(
                            prediction.getRequestId(), time.plusSeconds(1), actual))));
      }
    }
    Instant end = START.plus(Duration.ofHours(1));
    for (int partition = 0; partition < 2; partition++) {
      records.add(
          new ProducerRecord<>(
              "predictions",
              partition,
              utf8(DriftEvents.MODEL),
              SingleObjectCodec.predictions()
                  .encode(DriftEvents.prediction(random, end, 0, false))));
      records.add(
          new ProducerRecord<>(
              "labels",
              partition,
              utf8("end"),
              SingleObjectCodec.labels().encode(QualityEvents.label("end", end, "no"))));
    }
    return records;
  }

  private static void produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = JobTestKit.producer(SERVICES.kafka())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(record);
      }
      producer.flush();
    }
  }

  private static JobClient startJob(String database, String groupId) throws Exception {
    Configuration conf = JobTestKit.flinkConf();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(JobTestKit.PARALLELISM);
    env.enableCheckpointing(200);
    MonitoringJob.attach(
        env,
        MonitorConfig.fromArgs(
            "--bootstrap-servers=" + SERVICES.kafka().bootstrapServers(),
            "--group-id=" + groupId,
            "--starting-offsets=earliest",
            "--influx-url=" + SERVICES.influxd().url(),
            "--influx-database=" + database,
            "--serving-window=5s",
            "--drift-window=10s",
            "--quality-window=10s",
            "--out-of-orderness=500ms",
            "--idle-timeout=10min"));
    return env.executeAsync("restart-it-" + database);
  }

  private static void awaitServedRequests(String database, long requests)
      throws InterruptedException {
    List<List<Object>> rows =
        JobTestKit.awaitRows(
            SERVICES.influxd(),
            database,
            "SELECT sum(requests) FROM serving",
            r -> !r.isEmpty() && ((Number) r.get(0).get(1)).longValue() >= requests,
            RESULTS_TIMEOUT);
    assertThat(rows).as("serving points in %s", database).isNotEmpty();
    assertThat(((Number) rows.get(0).get(1)).longValue()).isGreaterThanOrEqualTo(requests);
  }

  /** Every series of every measurement, once two reads 3 s apart agree. */
  private static Map<String, List<List<Object>>> awaitSettled(String database)
      throws InterruptedException {
    Map<String, List<List<Object>>> previous = allSeries(database);
    long deadline = System.nanoTime() + RESULTS_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Thread.sleep(3_000);
      Map<String, List<List<Object>>> current = allSeries(database);
      if (current.equals(previous)) {
        return current;
      }
      previous = current;
    }
    return previous;
  }

  /** Rows by "measurement tags", each row the point time (ms) and its fields in column order. */
  private static Map<String, List<List<Object>>> allSeries(String database) {
    Map<String, List<List<Object>>> all = new TreeMap<>();
    try (InfluxDB client = InfluxDBFactory.connect(SERVICES.influxd().url())) {
      QueryResult measurements = client.query(new Query("SHOW MEASUREMENTS", database));
      List<QueryResult.Series> names = measurements.getResults().get(0).getSeries();
      if (names == null) {
        return all;
      }
      for (List<Object> name : names.get(0).getValues()) {
        QueryResult result =
            client.query(
                new Query("SELECT * FROM \"" + name.get(0) + "\" GROUP BY *", database),
                TimeUnit.MILLISECONDS);
        for (QueryResult.Series series : result.getResults().get(0).getSeries()) {
          all.put(
              series.getName() + " " + new TreeMap<>(series.getTags()) + " " + series.getColumns(),
              series.getValues());
        }
      }
    }
    return all;
  }
}
