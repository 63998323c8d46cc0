package io.driftwatch.flink.concept;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.drift.ModelVersionKey;
import io.driftwatch.flink.quality.LabeledPrediction;
import io.driftwatch.flink.quality.QualityEvents;
import io.driftwatch.stats.concept.DriftDetectors;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpdateDetectorsTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final int CHANGE = 2_000;

  private KeyedOneInputStreamOperatorTestHarness<
          ModelVersionKey, LabeledPrediction, DetectorObservation>
      harness;
  private int sequence;

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
  void emitsOneObservationPerDetectorAndLabeledClassificationOnceTheWatermarkPassesIt()
      throws Exception {
    push("1", true);
    push("1", false);
    assertThat(harness.extractOutputValues()).as("before the watermark").isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    harness.processWatermark(Long.MAX_VALUE - 1);

    List<DetectorObservation> out = harness.extractOutputValues();
    assertThat(out)
        .extracting(DetectorObservation::detector)
        .containsExactly("adwin", "ddm", "page_hinkley", "adwin", "ddm", "page_hinkley");
    assertThat(out.subList(3, 6))
        .allSatisfy(
            o -> {
              assertThat(o.observations()).isEqualTo(2);
              assertThat(o.errorRate()).isEqualTo(0.5);
              assertThat(o.labeled()).isEqualTo(1);
            });
  }

  @Test
  void feedsTheDetectorsInLabelTimeOrderWhateverTheArrivalOrder() throws Exception {
    LabeledPrediction early = record("1", true);
    LabeledPrediction late = record("1", false);
    harness.processElement(late, late.labelTime());
    harness.processElement(early, early.labelTime());
    harness.processWatermark(late.labelTime());

    List<DetectorObservation> ddm =
        harness.extractOutputValues().stream().filter(o -> o.detector().equals("ddm")).toList();
    assertThat(ddm).extracting(DetectorObservation::errorRate).containsExactly(1.0, 0.5);
  }

  @Test
  void keepsTheDetectorsPerModelVersionAndClearsWaitingRecordsWhenTheirTimerFires()
      throws Exception {
    push("1", true);
    harness.processWatermark(Long.MAX_VALUE - 1);
    long oneVersion = harness.numKeyedStateEntries();
    push("2", false);
    harness.processWatermark(Long.MAX_VALUE);

    assertThat(oneVersion).isPositive();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2 * oneVersion);
    assertThat(harness.extractOutputValues().get(3).errorRate())
        .as("version 2 starts from its own, empty detectors")
        .isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void everyDetectorSignalsDriftSoonAfterTheErrorRateStepsFromTenToFiftyPercent() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 2 * CHANGE; i++) {
      push("1", random.nextDouble() < (i < CHANGE ? 0.1 : 0.5));
    }
    harness.processWatermark(Long.MAX_VALUE - 1);

    List<DetectorObservation> out = harness.extractOutputValues();
    for (String detector : DriftDetectors.NAMES) {
      List<DetectorObservation> mine =
          out.stream().filter(o -> o.detector().equals(detector)).toList();
      int first = firstDrift(mine, CHANGE);
      assertThat(first).as(detector + " detects after the change").isBetween(CHANGE, CHANGE + 500);
    }
    assertThat(firstDrift(out.stream().filter(o -> o.detector().equals("adwin")).toList(), 0))
        .as("adwin raises no false alarm before the change")
        .isGreaterThanOrEqualTo(CHANGE);
  }

  @Test
  void skipsRegressions() throws Exception {
    LabeledPrediction regression =
        LabeledPrediction.of(
            QualityEvents.regression("p1", START, 3.0),
            QualityEvents.numericLabel("p1", START.plusSeconds(1), 4.0));
    harness.processElement(regression, regression.labelTime());

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void restoredDetectorsContinueExactlyLikeTheOnesThatWereSnapshotted() throws Exception {
    Random random = new Random(11);
    for (int i = 0; i < CHANGE; i++) {
      push("1", random.nextDouble() < 0.1);
    }
    harness.processWatermark(Long.MAX_VALUE - 1);
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    var restored = newHarness();
    restored.initializeState(snapshot);
    restored.open();
    harness.getOutput().clear();

    Random continuation = new Random(12);
    for (int i = 0; i < CHANGE; i++) {
      LabeledPrediction record = record("1", continuation.nextDouble() < 0.5);
      harness.processElement(record, record.labelTime());
      restored.processElement(record, record.labelTime());
    }
    harness.processWatermark(Long.MAX_VALUE);
    restored.processWatermark(Long.MAX_VALUE);

    List<DetectorObservation> expected = harness.extractOutputValues();
    assertThat(expected).hasSize(3 * CHANGE);
    assertThat(expected).anySatisfy(o -> assertThat(o.drift()).isTrue());
    assertThat(restored.extractOutputValues()).containsExactlyElementsOf(expected);
    restored.close();
  }

  private static int firstDrift(List<DetectorObservation> observations, int from) {
    for (int i = from; i < observations.size(); i++) {
      if (observations.get(i).drift()) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  private void push(String version, boolean wrong) throws Exception {
    LabeledPrediction record = record(version, wrong);
    harness.processElement(record, record.labelTime());
  }

  private LabeledPrediction record(String version, boolean wrong) {
    String id = "r" + sequence++;
    Instant predicted = START.plusMillis(10L * sequence);
    return LabeledPrediction.of(
        QualityEvents.prediction(id, version, "champion", predicted, "yes", 0.8),
        QualityEvents.label(id, predicted.plusSeconds(5), wrong ? "no" : "yes"));
  }

  private static KeyedOneInputStreamOperatorTestHarness<
          ModelVersionKey, LabeledPrediction, DetectorObservation>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new UpdateDetectors(
                DriftDetectors.NAMES.stream().map(DriftDetectors::defaults).toList())),
        p -> new ModelVersionKey(p.model(), p.version()),
        TypeInformation.of(ModelVersionKey.class));
  }
}
