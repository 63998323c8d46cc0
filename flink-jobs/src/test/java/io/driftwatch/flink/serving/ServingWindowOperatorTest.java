package io.driftwatch.flink.serving;

import static io.driftwatch.flink.PredictionEvents.ok;
import static io.driftwatch.flink.PredictionEvents.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.flink.source.AvroSpecificTypeInfo;
import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window operator exactly as {@link ServingMetricsJob#buildTopology} builds it. */
class ServingWindowOperatorTest {

  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Instant W1 = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant W2 = W1.plus(WINDOW);
  private static final long W1_END = W2.toEpochMilli();
  private static final ServingKey CHURN = new ServingKey("churn", "1", "champion");
  private static final ServingKey FRAUD = new ServingKey("fraud", "1", "champion");

  private KeyedOneInputStreamOperatorTestHarness<ServingKey, ServingObservation, ServingWindow>
      harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void emitsOneSummaryPerKeyWhenTheWatermarkPassesTheWindowEnd() throws Exception {
    push(ok("churn", W1.plusMillis(100), 10_000));
    push(serverError("churn", W1.plusMillis(200), 30_000));
    push(ok("churn", W1.plusMillis(9_999), 20_000));
    push(ok("fraud", W1.plusMillis(5_000), 5_000));

    harness.processWatermark(W1_END - 2);
    assertThat(harness.extractOutputValues()).as("window still open").isEmpty();

    harness.processWatermark(W1_END - 1);
    List<ServingWindow> out = harness.extractOutputValues();

    assertThat(out).hasSize(2);
    ServingWindow churn = windowOf(out, CHURN);
    assertThat(churn.windowStart()).isEqualTo(W1.toEpochMilli());
    assertThat(churn.windowEnd()).isEqualTo(W1_END);
    assertThat(churn.requests()).isEqualTo(3);
    assertThat(churn.errors()).isEqualTo(1);
    assertThat(churn.errorRate()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(churn.latencyP50Ms()).isEqualTo(20.0);
    assertThat(churn.latencyP99Ms()).isEqualTo(30.0);
    assertThat(churn.throughputRps()).isCloseTo(0.3, within(1e-12));
    assertThat(windowOf(out, FRAUD).requests()).isEqualTo(1);
  }

  @Test
  void keepsOneAccumulatorAndOneTimerPerKeyAndWindowAndClearsThemOnFiring() throws Exception {
    push(ok("churn", W1.plusMillis(100), 1_000));
    push(ok("churn", W1.plusMillis(200), 1_000));
    push(ok("fraud", W1.plusMillis(300), 1_000));
    push(ok("churn", W2.plusMillis(100), 1_000));

    assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
    assertThat(harness.numEventTimeTimers()).isEqualTo(3);

    harness.processWatermark(W1_END - 1);

    assertThat(harness.extractOutputValues()).hasSize(2);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void dropsAPredictionThatArrivesAfterItsWindowClosed() throws Exception {
    push(ok("churn", W1.plusMillis(100), 1_000));
    harness.processWatermark(W1_END - 1);

    push(ok("churn", W1.plusMillis(500), 1_000));
    harness.processWatermark(W1_END + WINDOW.toMillis());

    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void restoresOpenWindowsFromASnapshotThroughTheAccumulatorSerializer() throws Exception {
    for (int i = 0; i < 1_000; i++) {
      push(i % 4 == 0 ? serverError("churn", W1, 1_000L * i) : ok("churn", W1, 1_000L * i));
    }
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    push(ok("churn", W1.plusMillis(1), 1_000));
    harness.processWatermark(W1_END - 1);

    ServingWindow churn = windowOf(harness.extractOutputValues(), CHURN);
    assertThat(churn.requests()).isEqualTo(1_001);
    assertThat(churn.errors()).isEqualTo(250);
    assertThat(churn.latencyP50Ms()).isCloseTo(500, within(1000 * 0.0133));
  }

  /** Through the projection the job chains before the window, then into the window operator. */
  private void push(PredictionEvent event) throws Exception {
    harness.processElement(ServingObservation.of(event), event.getEventTime().toEpochMilli());
  }

  private static ServingWindow windowOf(List<ServingWindow> windows, ServingKey key) {
    return windows.stream()
        .filter(w -> new ServingKey(w.model(), w.version(), w.variant()).equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no window for " + key + " in " + windows));
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<
          ServingKey, ServingObservation, ServingWindow>
      newHarness() throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    DataStream<PredictionEvent> predictions =
        env.fromData(new AvroSpecificTypeInfo<>(PredictionEvent.class), ok("m", W1, 1));

    DataStream<ServingWindow> windows =
        ServingMetricsJob.buildTopology(predictions, new ServingJobConfig(WINDOW));

    OneInputTransformation<ServingObservation, ServingWindow> transformation =
        (OneInputTransformation<ServingObservation, ServingWindow>) windows.getTransformation();
    StreamOperatorFactory<ServingWindow> operator = transformation.getOperatorFactory();
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator,
            (KeySelector<ServingObservation, ServingKey>) transformation.getStateKeySelector(),
            (TypeInformation<ServingKey>) transformation.getStateKeyType());
    return harness;
  }
}
