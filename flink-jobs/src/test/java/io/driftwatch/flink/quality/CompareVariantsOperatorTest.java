package io.driftwatch.flink.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.flink.metrics.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The champion-challenger window exactly as {@link ModelQualityJob} builds it. */
class CompareVariantsOperatorTest {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Instant W1 = Instant.parse("2026-03-01T10:00:00Z");
  private static final long W1_END = W1.plus(WINDOW).toEpochMilli();
  private static final long MIN_SAMPLES = 100;

  private KeyedOneInputStreamOperatorTestHarness<String, QualityWindow, MetricPoint> harness;

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
  void comparesTheChallengersAccuracyWithTheChampionsInTheSameWindow() throws Exception {
    push(window("1", "champion", 200, 100));
    push(window("2", "challenger", 200, 180));

    harness.processWatermark(W1_END - 1);

    List<MetricPoint> out = harness.extractOutputValues();
    assertThat(out).hasSize(1);
    MetricPoint point = out.get(0);
    assertThat(point.measurement()).isEqualTo("variant_comparison");
    assertThat(point.timeMillis()).isEqualTo(W1_END);
    assertThat(point.tags())
        .containsEntry("model", "churn")
        .containsEntry("champion", "1")
        .containsEntry("challenger", "2")
        .containsEntry("metric", "accuracy");
    assertThat(point.field("difference")).isCloseTo(0.4, within(1e-12));
    assertThat(point.field("p_value")).isLessThan(1e-6);
    assertThat(point.field("enough_data")).isEqualTo(1);
    assertThat(point.field("champion_n")).isEqualTo(200);
    assertThat(point.field("challenger_n")).isEqualTo(200);
  }

  @Test
  void leavesOutThePValueUntilBothVariantsHaveEnoughLabels() throws Exception {
    push(window("1", "champion", 500, 400));
    push(window("2", "challenger", MIN_SAMPLES - 1, 90));

    harness.processWatermark(W1_END - 1);

    MetricPoint point = harness.extractOutputValues().get(0);
    assertThat(point.field("enough_data")).isZero();
    assertThat(point.fields()).doesNotContainKey("p_value").containsKey("difference");
  }

  @Test
  void writesNothingForAModelWithoutChallenger() throws Exception {
    push(window("1", "champion", 200, 100));
    push(window("2", "shadow", 200, 180));

    harness.processWatermark(W1_END - 1);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  private void push(QualityWindow window) throws Exception {
    harness.processElement(window, window.windowEnd() - 1);
  }

  /** A quality window of {@code labeled} classifications of which {@code correct} were right. */
  private static QualityWindow window(String version, String variant, long labeled, long correct) {
    QualityAccumulator quality = QualityAccumulator.empty();
    for (long i = 0; i < labeled; i++) {
      quality.add(
          QualityEvents.labeled(variant, W1.plusMillis(i), "yes", i < correct ? "yes" : "no", 1));
    }
    return new QualityWindow("churn", version, variant, W1.toEpochMilli(), W1_END, quality);
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, QualityWindow, MetricPoint>
      newHarness() throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    var windows =
        env.fromData(TypeInformation.of(QualityWindow.class), window("1", "champion", 1, 1));
    var comparison =
        (OneInputTransformation<QualityWindow, MetricPoint>)
            ModelQualityJob.comparisons(
                    windows,
                    new QualityJobConfig(Duration.ofMinutes(10), WINDOW, List.of(), MIN_SAMPLES))
                .getTransformation();
    return new KeyedOneInputStreamOperatorTestHarness<>(
        comparison.getOperatorFactory(),
        (KeySelector<QualityWindow, String>) comparison.getStateKeySelector(),
        (TypeInformation<String>) comparison.getStateKeyType());
  }
}
