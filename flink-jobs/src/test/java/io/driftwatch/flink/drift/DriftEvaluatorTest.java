package io.driftwatch.flink.drift;

import static io.driftwatch.flink.drift.DriftEvents.MODEL;
import static io.driftwatch.flink.drift.DriftEvents.VERSION;
import static io.driftwatch.flink.drift.DriftEvents.loaded;
import static io.driftwatch.flink.drift.DriftEvents.prediction;
import static io.driftwatch.flink.drift.DriftEvents.reference;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.stats.drift.DriftMethod;
import io.driftwatch.stats.drift.DriftPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftEvaluatorTest {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Instant W1 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant W2 = W1.plus(WINDOW);
  private static final Instant W3 = W2.plus(WINDOW);
  private static final int MAX_PENDING = 2;

  private KeyedBroadcastOperatorTestHarness<
          ModelVersionKey, LiveWindow, io.driftwatch.schemas.ModelEvent, MetricPoint>
      harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new DriftEvaluator(DriftPolicy.defaults(), MAX_PENDING, 1),
            LiveWindow::key,
            TypeInformation.of(ModelVersionKey.class),
            DriftEvaluator.PROFILES);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void evaluatesAWindowAtOnceWhenItsProfileIsKnown() throws Exception {
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);

    harness.processElement(window(W1, 1_000, 0.0, 7), W1.toEpochMilli());

    List<MetricPoint> points = harness.extractOutputValues();
    assertThat(points)
        .extracting(MetricPoint::measurement)
        .containsExactlyInAnyOrder(
            "feature_drift",
            "data_quality",
            "feature_drift",
            "data_quality",
            "prediction_drift",
            "prediction_drift",
            "dataset_drift");
    assertThat(points).allMatch(p -> p.timeMillis() == W2.toEpochMilli());
    MetricPoint age = point(points, "feature_drift", "feature", "age");
    assertThat(age.field("drifted")).isZero();
    assertThat(age.field("n")).isEqualTo(1_000);
    assertThat(pendingKeys()).isZero();
  }

  @Test
  void flagsAOneSigmaShiftOfANumericFeatureAndLeavesTheOthersAlone() throws Exception {
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);

    harness.processElement(window(W1, 1_000, 1.0, 7), W1.toEpochMilli());

    List<MetricPoint> points = harness.extractOutputValues();
    assertThat(point(points, "feature_drift", "feature", "age").field("drifted")).isEqualTo(1);
    assertThat(point(points, "feature_drift", "feature", "plan").field("drifted")).isZero();
    assertThat(point(points, "dataset_drift", null, null).field("drifted")).isEqualTo(1);
    assertThat(point(points, "dataset_drift", null, null).field("drifted_features")).isEqualTo(1);
  }

  @Test
  void keepsWindowsThatArriveBeforeTheirProfileAndEvaluatesThemWhenItArrives() throws Exception {
    harness.processElement(window(W1, 500, 0.0, 7), W1.toEpochMilli());
    harness.processElement(window(W2, 500, 0.0, 8), W2.toEpochMilli());

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(pendingKeys()).isEqualTo(1);

    harness.processBroadcastElement(loaded(reference(5_000, 1)), W3.toEpochMilli());

    assertThat(harness.extractOutputValues())
        .filteredOn(p -> p.measurement().equals("dataset_drift"))
        .extracting(MetricPoint::timeMillis)
        .containsExactly(W2.toEpochMilli(), W3.toEpochMilli());
    assertThat(pendingKeys()).isZero();
  }

  @Test
  void dropsTheOldestWaitingWindowBeyondTheBound() throws Exception {
    harness.processElement(window(W1, 100, 0.0, 7), W1.toEpochMilli());
    harness.processElement(window(W2, 100, 0.0, 8), W2.toEpochMilli());
    harness.processElement(window(W3, 100, 0.0, 9), W3.toEpochMilli());

    harness.processBroadcastElement(loaded(reference(5_000, 1)), W3.toEpochMilli());

    assertThat(harness.extractOutputValues())
        .filteredOn(p -> p.measurement().equals("dataset_drift"))
        .extracting(MetricPoint::timeMillis)
        .containsExactly(W3.toEpochMilli(), W3.plus(WINDOW).toEpochMilli());
  }

  @Test
  void ignoresAnUndecodableProfileAndKeepsWaiting() throws Exception {
    harness.processElement(window(W1, 100, 0.0, 7), W1.toEpochMilli());

    harness.processBroadcastElement(
        loaded(MODEL, VERSION, "not a profile".getBytes(StandardCharsets.UTF_8)), 0);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getBroadcastState(DriftEvaluator.PROFILES).contains(MODEL + "/" + VERSION))
        .isFalse();
    assertThat(pendingKeys()).isEqualTo(1);
  }

  @Test
  void ignoresModelEventsWithoutAProfile() throws Exception {
    harness.processBroadcastElement(loaded(MODEL, VERSION, null), 0);

    harness.processElement(window(W1, 100, 0.0, 7), W1.toEpochMilli());

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(pendingKeys()).isEqualTo(1);
  }

  @Test
  void skipsAWindowThePolicyCannotJudgeAndKeepsServingTheNext() throws Exception {
    harness.close();
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new DriftEvaluator(
                DriftPolicy.defaults().withOverride("plan", DriftMethod.WASSERSTEIN),
                MAX_PENDING,
                1),
            LiveWindow::key,
            TypeInformation.of(ModelVersionKey.class),
            DriftEvaluator.PROFILES);
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);

    harness.processElement(window(W1, 100, 0.0, 7), W1.toEpochMilli());

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(pendingKeys()).isZero();
  }

  private long pendingKeys() throws Exception {
    try (var keys =
        harness
            .getOperator()
            .getKeyedStateBackend()
            .getKeys(DriftEvaluator.PENDING.getName(), VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }

  @Test
  void decidesDatasetDriftOnceEveryShardOfTheWindowIsIn() throws Exception {
    harness.close();
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new DriftEvaluator(DriftPolicy.defaults(), MAX_PENDING, 2),
            LiveWindow::key,
            TypeInformation.of(ModelVersionKey.class),
            DriftEvaluator.PROFILES);
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);
    int ageShard = FeatureShardKey.shardOf("age", 2);

    harness.processElement(window(W1, 1_000, 1.0, 7, ageShard, 2), W1.toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(MetricPoint::measurement)
        .doesNotContain("dataset_drift")
        .contains("feature_drift");
    assertThat(votingWindows()).isEqualTo(1);

    harness.processElement(window(W1, 1_000, 1.0, 7, 1 - ageShard, 2), W1.toEpochMilli());

    List<MetricPoint> points = harness.extractOutputValues();
    assertThat(points).filteredOn(p -> p.measurement().equals("feature_drift")).hasSize(2);
    assertThat(points).filteredOn(p -> p.measurement().equals("prediction_drift")).hasSize(2);
    MetricPoint dataset = point(points, "dataset_drift", null, null);
    assertThat(dataset.field("evaluated_features")).isEqualTo(2);
    assertThat(dataset.field("drifted")).isEqualTo(1);
    assertThat(votingWindows()).isZero();
  }

  private long votingWindows() throws Exception {
    try (var keys =
        harness
            .getOperator()
            .getKeyedStateBackend()
            .getKeys(DriftEvaluator.VOTES.getName(), VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }

  private static LiveWindow window(Instant start, int rows, double ageShiftSd, long seed) {
    return window(start, rows, ageShiftSd, seed, 0, 1);
  }

  private static LiveWindow window(
      Instant start, int rows, double ageShiftSd, long seed, int shard, int shards) {
    Random random = new Random(seed);
    LiveProfile profile = LiveProfile.empty();
    for (int i = 0; i < rows; i++) {
      PredictionEvent event = prediction(random, start.plusMillis(i), ageShiftSd, false);
      profile.add(FeatureRow.split(event, shards).get(shard));
    }
    return new LiveWindow(
        MODEL, VERSION, shard, start.toEpochMilli(), start.plus(WINDOW).toEpochMilli(), profile);
  }

  static MetricPoint point(List<MetricPoint> points, String measurement, String tag, String value) {
    return points.stream()
        .filter(p -> p.measurement().equals(measurement))
        .filter(p -> tag == null || value.equals(p.tag(tag)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + measurement + " " + value + " in " + points));
  }
}
