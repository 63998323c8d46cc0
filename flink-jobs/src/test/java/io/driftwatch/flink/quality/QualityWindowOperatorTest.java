package io.driftwatch.flink.quality;

import static io.driftwatch.flink.quality.QualityEvents.labeled;
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
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The quality window operator exactly as {@link ModelQualityJob} builds it. */
class QualityWindowOperatorTest {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Instant W1 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant W2 = W1.plus(WINDOW);
  private static final long W1_END = W2.toEpochMilli();

  private KeyedOneInputStreamOperatorTestHarness<QualityKey, LabeledPrediction, QualityWindow>
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
  void writesAccuracyMacroScoresAucAndLabelDelaysOfTheLabelsThatArrivedInTheWindow()
      throws Exception {
    // 6 right "yes", 2 right "no", 1 "yes" that was "no", 1 "no" that was "yes".
    for (int i = 0; i < 6; i++) {
      push(labeled("champion", W1.plusSeconds(i), "yes", "yes", 1_000));
    }
    push(labeled("champion", W1.plusSeconds(10), "no", "no", 2_000));
    push(labeled("champion", W1.plusSeconds(11), "no", "no", 3_000));
    push(labeled("champion", W1.plusSeconds(12), "yes", "no", 4_000));
    push(labeled("champion", W1.plusSeconds(13), "no", "yes", 5_000));
    push(labeled("champion", W2.plusSeconds(1), "yes", "yes", 1_000));

    harness.processWatermark(W1_END - 1);

    List<QualityWindow> windows = harness.extractOutputValues();
    assertThat(windows).hasSize(1);
    MetricPoint point = QualityPoints.modelQuality(windows.get(0));
    assertThat(point.timeMillis()).isEqualTo(W1_END);
    assertThat(point.tags()).containsExactlyEntriesOf(tags("churn", "1", "champion"));
    assertThat(point.field("labeled")).isEqualTo(10);
    assertThat(point.field("accuracy")).isEqualTo(0.8);
    // yes: precision 6/7, recall 6/7; no: precision 2/3, recall 2/3.
    assertThat(point.field("precision")).isCloseTo((6 / 7.0 + 2 / 3.0) / 2, within(1e-12));
    assertThat(point.field("recall")).isCloseTo((6 / 7.0 + 2 / 3.0) / 2, within(1e-12));
    assertThat(point.field("f1")).isCloseTo((6 / 7.0 + 2 / 3.0) / 2, within(1e-12));
    // Scores: yes-predictions 0.8, no-predictions 0.3; 7 positives (6 at 0.8, 1 at 0.3), 3
    // negatives (1 at 0.8, 2 at 0.3): P(+ > -) + P(=)/2 = (6*2 + 6*0.5 + 2*0.5) / 21.
    assertThat(point.field("auc")).isCloseTo(16 / 21.0, within(1e-12));
    assertThat(point.field("label_delay_p50_ms")).isEqualTo(1_000);
    assertThat(point.field("label_delay_p95_ms")).isEqualTo(5_000);
    assertThat(point.fields()).doesNotContainKeys("rmse", "mae");
  }

  @Test
  void writesRmseAndMaeForARegressor() throws Exception {
    push(regression(W1.plusSeconds(1), 10, 13));
    push(regression(W1.plusSeconds(2), 10, 6));

    harness.processWatermark(W1_END - 1);

    MetricPoint point = QualityPoints.modelQuality(harness.extractOutputValues().get(0));
    assertThat(point.field("rmse")).isCloseTo(Math.sqrt((9 + 16) / 2.0), within(1e-12));
    assertThat(point.field("mae")).isEqualTo(3.5);
    assertThat(point.field("labeled")).isEqualTo(2);
    assertThat(point.fields()).doesNotContainKeys("accuracy", "auc");
  }

  @Test
  void keepsOneAccumulatorAndTimerPerVariantAndWindowAndClearsThemOnFiring() throws Exception {
    push(labeled("champion", W1.plusSeconds(1), "yes", "yes", 1_000));
    push(labeled("challenger", W1.plusSeconds(2), "yes", "no", 1_000));
    push(labeled("champion", W2.plusSeconds(1), "yes", "yes", 1_000));

    assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
    assertThat(harness.numEventTimeTimers()).isEqualTo(3);

    harness.processWatermark(W1_END - 1);

    assertThat(harness.extractOutputValues())
        .extracting(QualityWindow::variant)
        .containsExactlyInAnyOrder("champion", "challenger");
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void restoresOpenWindowsFromASnapshotThroughTheAccumulatorSerializer() throws Exception {
    for (int i = 0; i < 1_000; i++) {
      push(labeled("champion", W1.plusMillis(i), i % 4 == 0 ? "no" : "yes", "yes", 1_000 + i));
    }
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    push(labeled("champion", W1.plusSeconds(30), "yes", "yes", 1_000));
    harness.processWatermark(W1_END - 1);

    QualityAccumulator quality = harness.extractOutputValues().get(0).quality();
    assertThat(quality.labeled()).isEqualTo(1_001);
    assertThat(quality.classification().correct()).isEqualTo(751);
    assertThat(quality.labelDelays().quantile(1)).isEqualTo(1_999);
  }

  private static LabeledPrediction regression(Instant labelTime, double predicted, double actual) {
    String id = "p-" + labelTime.toEpochMilli();
    return LabeledPrediction.of(
        QualityEvents.regression(id, labelTime.minusSeconds(1), predicted),
        QualityEvents.numericLabel(id, labelTime, actual));
  }

  private static java.util.Map<String, String> tags(String model, String version, String variant) {
    java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
    tags.put("model", model);
    tags.put("version", version);
    tags.put("variant", variant);
    return tags;
  }

  private void push(LabeledPrediction record) throws Exception {
    harness.processElement(record, record.labelTime());
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<
          QualityKey, LabeledPrediction, QualityWindow>
      newHarness() throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    var labeled =
        env.fromData(
            TypeInformation.of(LabeledPrediction.class),
            QualityEvents.labeled("champion", W1, "yes", "yes", 1));
    var window =
        (OneInputTransformation<LabeledPrediction, QualityWindow>)
            ModelQualityJob.qualityWindows(
                    labeled, new QualityJobConfig(Duration.ofMinutes(10), WINDOW, List.of(), 100))
                .getTransformation();
    return new KeyedOneInputStreamOperatorTestHarness<>(
        window.getOperatorFactory(),
        (KeySelector<LabeledPrediction, QualityKey>) window.getStateKeySelector(),
        (TypeInformation<QualityKey>) window.getStateKeyType());
  }
}
