package io.driftwatch.flink.drift;

import static io.driftwatch.flink.drift.DriftEvents.prediction;
import static io.driftwatch.flink.drift.DriftEvents.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.source.AvroSpecificTypeInfo;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.stats.drift.DriftPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drift window operator exactly as {@link DriftMetricsJob#buildTopology} builds it. */
class DriftWindowOperatorTest {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Instant W1 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant W2 = W1.plus(WINDOW);
  private static final long W1_END = W2.toEpochMilli();

  private final Random random = new Random(42);
  private KeyedOneInputStreamOperatorTestHarness<FeatureShardKey, FeatureRow, LiveWindow> harness;
  private int shards = 1;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness(new DriftJobConfig(WINDOW, WINDOW, DriftPolicy.defaults(), 16, 1));
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void emitsOneLiveProfilePerVersionWhenTheWatermarkPassesTheWindowEnd() throws Exception {
    for (int i = 0; i < 300; i++) {
      push(prediction(random, W1.plusMillis(i * 100L), 0, false));
    }
    push(refused(W1.plusMillis(5)));

    harness.processWatermark(W1_END - 2);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.processWatermark(W1_END - 1);

    List<LiveWindow> out = harness.extractOutputValues();
    assertThat(out).hasSize(1);
    LiveWindow window = out.get(0);
    assertThat(window.windowStart()).isEqualTo(W1.toEpochMilli());
    assertThat(window.windowEnd()).isEqualTo(W1_END);
    assertThat(window.profile().rows()).as("refused requests are left out").isEqualTo(300);
    assertThat(window.profile().numericFeature("age").valid()).isEqualTo(300);
    assertThat(window.profile().categoricalFeature("plan").valid()).isEqualTo(300);
    assertThat(window.profile().categoricalOutput("class").valid()).isEqualTo(300);
  }

  @Test
  void keepsOneProfileAndOneTimerPerOpenWindowAndClearsThemOnFiring() throws Exception {
    push(prediction(random, W1.plusMillis(1), 0, false));
    push(prediction(random, W2.plusMillis(1), 0, false));

    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    harness.processWatermark(W1_END - 1);

    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void emitsNothingForAWindowOfOnlyRefusedRequests() throws Exception {
    push(refused(W1.plusMillis(1)));
    harness.processWatermark(W1_END - 1);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void spreadsTheFeaturesOfOneVersionOverShardsAndCountsEveryRowInEach() throws Exception {
    harness.close();
    shards = 2;
    harness = newHarness(new DriftJobConfig(WINDOW, WINDOW, DriftPolicy.defaults(), 16, shards));
    harness.open();

    for (int i = 0; i < 100; i++) {
      push(prediction(random, W1.plusMillis(i), 0, false));
    }
    harness.processWatermark(W1_END - 1);

    List<LiveWindow> out = harness.extractOutputValues();
    assertThat(out).extracting(LiveWindow::shard).containsExactlyInAnyOrder(0, 1);
    assertThat(out).allSatisfy(w -> assertThat(w.profile().rows()).isEqualTo(100));
    LiveWindow ageShard = shardOf(out, FeatureShardKey.shardOf("age", shards));
    LiveWindow planShard = shardOf(out, FeatureShardKey.shardOf("plan", shards));
    assertThat(ageShard.profile().numericFeature("age").valid()).isEqualTo(100);
    assertThat(planShard.profile().categoricalFeature("plan").valid()).isEqualTo(100);
    assertThat(shardOf(out, 0).profile().categoricalOutput("class").valid()).isEqualTo(100);
    assertThat(shardOf(out, 1).profile().categoricalOutput("class").valid()).isZero();
  }

  private static LiveWindow shardOf(List<LiveWindow> windows, int shard) {
    return windows.stream().filter(w -> w.shard() == shard).findFirst().orElseThrow();
  }

  @Test
  void slidingWindowsPutEachPredictionIntoWindowOverSlideWindows() throws Exception {
    harness.close();
    harness =
        newHarness(
            new DriftJobConfig(WINDOW, Duration.ofSeconds(30), DriftPolicy.defaults(), 16, 1));
    harness.open();

    push(prediction(random, W1.plusSeconds(40), 0, false));
    harness.processWatermark(W2.plusSeconds(60).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(LiveWindow::windowEnd)
        .containsExactly(W1.plusSeconds(60).toEpochMilli(), W1.plusSeconds(90).toEpochMilli());
  }

  @Test
  void restoresOpenWindowsFromASnapshotThroughTheProfileSerializer() throws Exception {
    for (int i = 0; i < 5_000; i++) {
      push(prediction(random, W1.plusMillis(i), 0, false));
    }
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();

    harness = newHarness(new DriftJobConfig(WINDOW, WINDOW, DriftPolicy.defaults(), 16, 1));
    harness.initializeState(snapshot);
    harness.open();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    push(prediction(random, W1.plusMillis(9_999), 0, false));
    harness.processWatermark(W1_END - 1);

    LiveProfile profile = harness.extractOutputValues().get(0).profile();
    assertThat(profile.rows()).isEqualTo(5_001);
    assertThat(profile.numericFeature("age").sketch().getQuantile(0.5))
        .isBetween(DriftEvents.AGE_MEAN - 1, DriftEvents.AGE_MEAN + 1);
  }

  /** Through the projection the job chains before the window, then into the window operator. */
  private void push(PredictionEvent event) throws Exception {
    List<FeatureRow> rows = new ArrayList<>();
    new AnsweredFeatureRows(shards).flatMap(event, new ListCollector<>(rows));
    for (FeatureRow row : rows) {
      harness.processElement(row, event.getEventTime().toEpochMilli());
    }
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<FeatureShardKey, FeatureRow, LiveWindow>
      newHarness(DriftJobConfig config) throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    DataStream<PredictionEvent> predictions =
        env.fromData(
            new AvroSpecificTypeInfo<>(PredictionEvent.class),
            prediction(new Random(1), W1, 0, false));
    DataStream<ModelEvent> modelEvents =
        env.fromData(
            new AvroSpecificTypeInfo<>(ModelEvent.class), DriftEvents.loaded("m", "1", null));

    var evaluator =
        DriftMetricsJob.buildTopology(predictions, modelEvents, config).getTransformation();
    var keyed = (PartitionTransformation<?>) evaluator.getInputs().get(0);
    var window = (OneInputTransformation<FeatureRow, LiveWindow>) keyed.getInputs().get(0);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        window.getOperatorFactory(),
        (KeySelector<FeatureRow, FeatureShardKey>) window.getStateKeySelector(),
        (TypeInformation<FeatureShardKey>) window.getStateKeyType());
  }
}
