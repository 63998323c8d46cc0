package io.driftwatch.flink.drift;

import static io.driftwatch.flink.drift.DriftEvents.MODEL;
import static io.driftwatch.flink.drift.DriftEvents.VERSION;
import static io.driftwatch.flink.drift.DriftEvents.loaded;
import static io.driftwatch.flink.drift.DriftEvents.prediction;
import static io.driftwatch.flink.drift.DriftEvents.reference;
import static io.driftwatch.flink.drift.DriftEvents.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.stats.drift.DriftMethod;
import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.drift.NumericDrift;
import io.driftwatch.stats.profile.BinCounts;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import io.driftwatch.stats.profile.ReferenceProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shard windows: accumulation, one timer per window, evaluation, pending profiles, state. */
class DriftWindowsTest {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Instant W1 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant W2 = W1.plus(WINDOW);
  private static final Instant W3 = W2.plus(WINDOW);
  private static final long W1_END = W2.toEpochMilli();
  private static final long W2_END = W3.toEpochMilli();
  private static final long W3_END = W3.plus(WINDOW).toEpochMilli();
  private static final FeatureShardKey KEY = new FeatureShardKey(MODEL, VERSION, 0);

  private final Random random = new Random(42);
  private KeyedBroadcastOperatorTestHarness<FeatureShardKey, FeatureRow, ModelEvent, MetricPoint>
      harness;
  private AnsweredFeatureRows projection;

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private void open(DriftJobConfig config) throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new DriftWindows(config),
            FeatureRow::key,
            TypeInformation.of(FeatureShardKey.class),
            DriftWindows.PROFILES);
    projection = new AnsweredFeatureRows(config.shards(), 128);
  }

  /** A harness not yet opened, to restore state into. */
  private void createUnopened(DriftJobConfig config) throws Exception {
    harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new DriftWindows(config), List.of(DriftWindows.PROFILES)),
            FeatureRow::key,
            TypeInformation.of(FeatureShardKey.class),
            1,
            1,
            0);
  }

  private void openTumbling(int maxPending, int shards) throws Exception {
    open(new DriftJobConfig(WINDOW, WINDOW, DriftPolicy.defaults(), maxPending, shards));
  }

  @Test
  void evaluatesAWindowWhenTheWatermarkPassesItsEndWithOneTimerForAllItsRows() throws Exception {
    openTumbling(2, 1);
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);
    for (int i = 0; i < 300; i++) {
      push(prediction(random, W1.plusMillis(i * 100L), 0, false));
    }
    push(refused(W1.plusMillis(5)));

    assertThat(harness.numEventTimeTimers()).as("one timer per window, not per row").isEqualTo(1);
    assertThat(windows(KEY)).isEqualTo(1);
    harness.watermark(W1_END - 2);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.watermark(W1_END - 1);

    List<MetricPoint> points = harness.extractOutputValues();
    assertThat(points)
        .extracting(MetricPoint::measurement)
        .containsExactlyInAnyOrder(
            "feature_drift",
            "data_quality",
            "feature_drift",
            "data_quality",
            "prediction_drift",
            "prediction_drift");
    assertThat(points).allMatch(p -> p.timeMillis() == W1_END);
    MetricPoint age = point(points, "feature_drift", "feature", "age");
    assertThat(age.field("n")).as("refused requests are left out").isEqualTo(300);
    assertThat(age.field("drifted")).isZero();
    assertThat(votes()).extracting(ShardVotes::windowEnd).containsExactly(W1_END);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(windows(KEY)).isZero();
  }

  @Test
  void keepsOneWindowAndOneTimerPerOpenWindowAndClearsThemOnFiring() throws Exception {
    openTumbling(2, 1);
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);
    for (int i = 0; i < 50; i++) {
      push(prediction(random, W1.plusMillis(i), 0, false));
      push(prediction(random, W2.plusMillis(i), 0, false));
    }

    assertThat(windows(KEY)).isEqualTo(2);
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    harness.watermark(W1_END - 1);

    assertThat(votes()).extracting(ShardVotes::windowEnd).containsExactly(W1_END);
    assertThat(windows(KEY)).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void flagsAOneSigmaShiftWithPsiFromExactBinsOfEveryLiveValue() throws Exception {
    openTumbling(2, 1);
    var profile = reference(5_000, 1);
    harness.processBroadcastElement(loaded(profile), 0);
    NumericSketch ages = NumericSketch.empty();
    NumericReference ageReference = (NumericReference) profile.feature("age").orElseThrow();
    BinCounts ageBins = BinCounts.on(ageReference.binEdges());
    for (int i = 0; i < 1_000; i++) {
      PredictionEvent event = prediction(random, W1.plusMillis(i), 1.0, false);
      double age = event.getNumericFeatures().get("age");
      ages.update(age);
      ageBins.add(age);
      push(event);
    }

    harness.watermark(W1_END - 1);

    List<MetricPoint> points = harness.extractOutputValues();
    MetricPoint age = point(points, "feature_drift", "feature", "age");
    assertThat(age.field("drifted")).isEqualTo(1);
    assertThat(point(points, "feature_drift", "feature", "plan").field("drifted")).isZero();
    assertThat(age.field("psi"))
        .isCloseTo(NumericDrift.compare(ageReference, ages, ageBins, 0.05).psi(), within(1e-12));
    assertThat(votes())
        .singleElement()
        .satisfies(v -> assertThat(v.votes().drifted()).contains(true));
  }

  @Test
  void keepsWindowsThatEndBeforeTheirProfileAndEvaluatesThemWhenItArrives() throws Exception {
    openTumbling(2, 1);
    push(prediction(random, W1.plusMillis(1), 0, false));
    push(prediction(random, W2.plusMillis(1), 0, false));
    harness.watermark(W2_END);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(windows(KEY)).as("ended, waiting for the profile").isEqualTo(2);
    assertThat(harness.numEventTimeTimers()).isZero();

    harness.processBroadcastElement(loaded(reference(5_000, 1)), W3.toEpochMilli());

    assertThat(votes()).extracting(ShardVotes::windowEnd).containsExactly(W1_END, W2_END);
    assertThat(harness.extractOutputValues())
        .filteredOn(p -> p.measurement().equals("feature_drift"))
        .extracting(MetricPoint::timeMillis)
        .containsOnly(W1_END, W2_END);
    assertThat(windows(KEY)).isZero();
  }

  @Test
  void dropsTheOldestWaitingWindowBeyondTheBound() throws Exception {
    openTumbling(2, 1);
    push(prediction(random, W1.plusMillis(1), 0, false));
    push(prediction(random, W2.plusMillis(1), 0, false));
    push(prediction(random, W3.plusMillis(1), 0, false));
    harness.watermark(W3_END);

    assertThat(windows(KEY)).isEqualTo(2);
    harness.processBroadcastElement(loaded(reference(5_000, 1)), W3_END);

    assertThat(votes()).extracting(ShardVotes::windowEnd).containsExactly(W2_END, W3_END);
  }

  @Test
  void ignoresAnUndecodableProfileAndModelEventsWithoutOneAndKeepsWaiting() throws Exception {
    openTumbling(2, 1);
    push(prediction(random, W1.plusMillis(1), 0, false));
    harness.processBroadcastElement(
        loaded(MODEL, VERSION, "not a profile".getBytes(StandardCharsets.UTF_8)), 0);
    harness.processBroadcastElement(loaded(MODEL, VERSION, null), 0);
    harness.watermark(W1_END);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getBroadcastState(DriftWindows.PROFILES).contains(MODEL + "/" + VERSION))
        .isFalse();
    assertThat(windows(KEY)).isEqualTo(1);
  }

  @Test
  void slidingWindowsPutEachRowIntoWindowOverSlideWindowsWithOneTimerEach() throws Exception {
    open(new DriftJobConfig(WINDOW, Duration.ofSeconds(30), DriftPolicy.defaults(), 2, 1));
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);
    for (int i = 0; i < 40; i++) {
      push(prediction(random, W1.plusSeconds(40).plusMillis(i), 0, false));
    }

    assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    assertThat(windows(KEY)).isEqualTo(2);
    harness.watermark(W2.plusSeconds(60).toEpochMilli());

    assertThat(votes())
        .extracting(ShardVotes::windowEnd)
        .containsExactly(W1.plusSeconds(60).toEpochMilli(), W1.plusSeconds(90).toEpochMilli());
    assertThat(point(harness.extractOutputValues(), "feature_drift", "feature", "age").field("n"))
        .isEqualTo(40);
  }

  @Test
  void dropsRowsWhoseWindowHasEnded() throws Exception {
    openTumbling(2, 1);
    harness.watermark(W1_END - 1);

    push(prediction(random, W1.plusMillis(1), 0, false));

    assertThat(windows(KEY)).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void dropsRowsOfALayoutWhoseNamesItNeverSaw() throws Exception {
    openTumbling(2, 1);
    List<FeatureRow> rows = new ArrayList<>();
    projection.flatMap(prediction(random, W1, 0, false), new ListCollector<>(rows));
    projection.flatMap(prediction(random, W1, 0, false), new ListCollector<>(rows));
    assertThat(rows.get(0).layout()).isNotNull();
    assertThat(rows.get(1).layout()).as("names only on the first row of a layout").isNull();

    harness.processElement(rows.get(1), W1.toEpochMilli());

    assertThat(windows(KEY)).isZero();
  }

  @Test
  void restoresOpenWindowsAndLayoutsFromASnapshot() throws Exception {
    openTumbling(2, 1);
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);
    for (int i = 0; i < 5_000; i++) {
      push(prediction(random, W1.plusMillis(i), 0, false));
    }
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();

    createUnopened(new DriftJobConfig(WINDOW, WINDOW, DriftPolicy.defaults(), 2, 1));
    harness.initializeState(snapshot);
    harness.open();
    assertThat(windows(KEY)).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    push(prediction(random, W1.plusMillis(9_999), 0, false));
    harness.watermark(W1_END - 1);

    assertThat(point(harness.extractOutputValues(), "feature_drift", "feature", "age").field("n"))
        .isEqualTo(5_001);
  }

  @Test
  void skipsAWindowThePolicyCannotJudgeAndClearsIt() throws Exception {
    open(
        new DriftJobConfig(
            WINDOW,
            WINDOW,
            DriftPolicy.defaults().withOverride("plan", DriftMethod.WASSERSTEIN),
            2,
            1));
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);
    push(prediction(random, W1.plusMillis(1), 0, false));
    harness.watermark(W1_END - 1);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(windows(KEY)).isZero();
  }

  @Test
  void spreadsTheFeaturesOverShardsAndCountsEveryRowInEach() throws Exception {
    openTumbling(2, 2);
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);
    for (int i = 0; i < 100; i++) {
      push(prediction(random, W1.plusMillis(i), 0, false));
    }

    assertThat(harness.numEventTimeTimers()).as("one per key and window").isEqualTo(2);
    harness.watermark(W1_END - 1);

    List<MetricPoint> points = harness.extractOutputValues();
    assertThat(points).filteredOn(p -> p.measurement().equals("feature_drift")).hasSize(2);
    assertThat(points).filteredOn(p -> p.measurement().equals("prediction_drift")).hasSize(2);
    assertThat(votes()).hasSize(2).allSatisfy(v -> assertThat(v.votes().rows()).isEqualTo(100));
  }

  @Test
  void dropsRowsOfALayoutWhoseNamesItNeverGotAndCountsTheRestOnceTheyArrive() throws Exception {
    openTumbling(2, 1);
    harness.processBroadcastElement(loaded(reference(5_000, 1)), 0);
    List<FeatureRow> rows = new ArrayList<>();
    projection.flatMap(prediction(random, W1, 0, false), new ListCollector<>(rows));
    FeatureRow named = rows.get(0);
    FeatureRow nameless =
        new FeatureRow(
            named.model(),
            named.version(),
            named.shard(),
            named.layoutId(),
            null,
            named.numericValues(),
            named.numericMissing(),
            named.categoricalValues(),
            named.predictedClass(),
            named.score());

    harness.processElement(nameless, W1.toEpochMilli());
    assertThat(windows(KEY)).as("a row of an unknown layout opens no window").isZero();
    assertThat(harness.numEventTimeTimers()).isZero();

    harness.processElement(named, W1.toEpochMilli() + 1);
    harness.processElement(nameless, W1.toEpochMilli() + 2);
    harness.processElement(nameless, W1.toEpochMilli() + 3);
    harness.watermark(W1_END - 1);

    MetricPoint age = point(harness.extractOutputValues(), "feature_drift", "feature", "age");
    assertThat(age.field("n")).as("the named row and the two after it").isEqualTo(3);
  }

  @Test
  void evaluatesTheWindowsOfMoreVersionsThanItKeepsDecodedProfilesFor() throws Exception {
    openTumbling(2, 1);
    int versions = DriftWindows.MAX_CACHED_PROFILES + 3;
    ReferenceProfile profile = reference(2_000, 1);
    for (int v = 0; v < versions; v++) {
      harness.processBroadcastElement(
          loaded(
              new ReferenceProfile(
                  MODEL,
                  "v" + v,
                  profile.createdAt(),
                  profile.source(),
                  profile.features(),
                  profile.outputs())),
          0);
    }
    // Round robin, so that every version's profile has been forgotten by the time its turn comes.
    for (int i = 0; i < 5; i++) {
      for (int v = 0; v < versions; v++) {
        push(
            PredictionEvent.newBuilder(prediction(random, W1.plusMillis(i), 0, false))
                .setVersion("v" + v)
                .build());
      }
    }

    harness.watermark(W1_END - 1);

    List<MetricPoint> ages =
        harness.extractOutputValues().stream()
            .filter(p -> p.measurement().equals("feature_drift") && "age".equals(p.tag("feature")))
            .toList();
    assertThat(ages)
        .extracting(p -> p.tag("version"))
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, versions).mapToObj(v -> "v" + v).toList());
    assertThat(ages).allMatch(p -> p.field("n") == 5);
    assertThat(votes()).hasSize(versions);
  }

  private void push(PredictionEvent event) throws Exception {
    List<FeatureRow> rows = new ArrayList<>();
    projection.flatMap(event, new ListCollector<>(rows));
    for (FeatureRow row : rows) {
      harness.processElement(row, event.getEventTime().toEpochMilli());
    }
  }

  private List<ShardVotes> votes() {
    var queue = harness.getSideOutput(DriftWindows.VOTES);
    return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).toList();
  }

  private long windows(FeatureShardKey key) throws Exception {
    KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(key);
    MapState<Long, LiveProfile> state =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, DriftWindows.WINDOWS);
    return StreamSupport.stream(state.keys().spliterator(), false).count();
  }

  static MetricPoint point(List<MetricPoint> points, String measurement, String tag, String value) {
    return points.stream()
        .filter(p -> p.measurement().equals(measurement))
        .filter(p -> tag == null || value.equals(p.tag(tag)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + measurement + " " + value + " in " + points));
  }
}
