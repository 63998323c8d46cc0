package io.driftwatch.flink.quality;

import static io.driftwatch.flink.quality.QualityEvents.label;
import static io.driftwatch.flink.quality.QualityEvents.numericLabel;
import static io.driftwatch.flink.quality.QualityEvents.prediction;
import static io.driftwatch.flink.quality.QualityEvents.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LabelJoinTest {

  private static final Duration MAX_DELAY = Duration.ofMinutes(10);
  private static final Instant PREDICTED = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant LABELED = PREDICTED.plusSeconds(7);
  private static final Instant EXPIRY = PREDICTED.plus(MAX_DELAY);

  private KeyedTwoInputStreamOperatorTestHarness<
          String, PredictionEvent, LabelEvent, LabeledPrediction>
      harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new LabelJoin(MAX_DELAY)),
            PredictionEvent::getRequestId,
            LabelEvent::getRequestId,
            Types.STRING);
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void releasesTheJoinedPredictionAtItsLabelTimeAndThenClearsTheKey() throws Exception {
    push(prediction("r1", PREDICTED, "yes", 0.8));
    push(label("r1", LABELED, "no"));

    assertThat(harness.numKeyedStateEntries()).as("prediction, label, timer").isEqualTo(3);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    watermark(LABELED.minusMillis(1));
    assertThat(values()).isEmpty();

    watermark(LABELED);

    List<StreamRecord<LabeledPrediction>> out = records();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getTimestamp()).isEqualTo(LABELED.toEpochMilli());
    LabeledPrediction joined = out.get(0).getValue();
    assertThat(joined.predictedClass()).isEqualTo("yes");
    assertThat(joined.actualClass()).isEqualTo("no");
    assertThat(joined.error()).isEqualTo(1);
    assertThat(joined.positiveClass()).isEqualTo("yes");
    assertThat(joined.positiveScore()).isEqualTo(0.8);
    assertThat(joined.labelDelayMillis()).isEqualTo(7_000);
    assertThat(outcomes()).containsExactly(new JoinOutcome("churn", "1", 1, 0, 0, 0));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void joinsALabelThatArrivesBeforeItsPrediction() throws Exception {
    push(label("r1", LABELED, "yes"));
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    push(prediction("r1", PREDICTED, "yes", 0.8));
    assertThat(harness.numEventTimeTimers()).as("the expiry timer was replaced").isEqualTo(1);

    watermark(LABELED);

    assertThat(values()).singleElement().satisfies(j -> assertThat(j.error()).isZero());
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void countsAPredictionWithoutLabelAsExpiredOnceTheMaximumDelayHasPassed() throws Exception {
    push(prediction("r1", PREDICTED, "yes", 0.8));

    watermark(EXPIRY.minusMillis(1));
    assertThat(outcomes()).isEmpty();
    watermark(EXPIRY);

    assertThat(values()).isEmpty();
    assertThat(outcomes()).containsExactly(new JoinOutcome("churn", "1", 0, 1, 0, 0));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void countsALabelLaterThanTheMaximumDelayAndItsPredictionWithoutJoiningThem() throws Exception {
    push(prediction("r1", PREDICTED, "yes", 0.8));
    push(label("r1", EXPIRY.plusMillis(1), "yes"));

    watermark(EXPIRY.plusSeconds(60));

    assertThat(values()).isEmpty();
    assertThat(outcomes())
        .containsExactlyInAnyOrder(
            new JoinOutcome("churn", "1", 0, 1, 0, 0), new JoinOutcome("", "", 0, 0, 1, 0));
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void countsALabelOfAnAlreadyExpiredPredictionAsLateOrUnmatched() throws Exception {
    push(prediction("r1", PREDICTED, "yes", 0.8));
    watermark(EXPIRY);
    Instant lateLabel = EXPIRY.plusSeconds(1);
    push(label("r1", lateLabel, "yes"));

    watermark(lateLabel.plus(MAX_DELAY));

    assertThat(values()).isEmpty();
    assertThat(outcomes())
        .containsExactly(
            new JoinOutcome("churn", "1", 0, 1, 0, 0), new JoinOutcome("", "", 0, 0, 1, 0));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void countsALabelOfAnUnknownRequestAndASecondLabelOfOneRequest() throws Exception {
    push(label("unknown", LABELED, "yes"));
    push(prediction("r1", PREDICTED, "yes", 0.8));
    push(label("r1", LABELED, "yes"));
    push(label("r1", LABELED.plusSeconds(1), "no"));

    watermark(LABELED.plus(MAX_DELAY));

    assertThat(values()).hasSize(1);
    assertThat(outcomes())
        .containsExactlyInAnyOrder(
            new JoinOutcome("", "", 0, 0, 1, 0),
            new JoinOutcome("", "", 0, 0, 1, 0),
            new JoinOutcome("churn", "1", 1, 0, 0, 0));
  }

  @Test
  void releasesALabelThatIsLateAtItsSourceJustPastTheWatermark() throws Exception {
    push(prediction("r1", PREDICTED, "yes", 0.8));
    Instant watermark = LABELED.plusSeconds(30);
    watermark(watermark);
    push(label("r1", LABELED, "yes"));

    watermark(watermark.plusMillis(1));

    assertThat(records())
        .singleElement()
        .satisfies(r -> assertThat(r.getTimestamp()).isEqualTo(watermark.toEpochMilli() + 1));
  }

  @Test
  void countsANumericLabelOfAClassifierByItsDecimalFormAndAClassLabelOfARegressorAsUnusable()
      throws Exception {
    push(prediction("r1", PREDICTED, "1", 0.8));
    push(numericLabel("r1", LABELED, 1.0));
    push(QualityEvents.regression("r2", PREDICTED, 10.0));
    push(label("r2", LABELED, "expensive"));

    watermark(LABELED);

    assertThat(values()).singleElement().satisfies(j -> assertThat(j.actualClass()).isEqualTo("1"));
    assertThat(outcomes()).contains(new JoinOutcome("price", "1", 0, 0, 0, 1));
  }

  @Test
  void onlyAnsweredPredictionsWithAnOutputAreJoinable() {
    assertThat(LabelJoin.joinable(prediction("r1", PREDICTED, "yes", 0.8))).isTrue();
    assertThat(LabelJoin.joinable(QualityEvents.regression("r2", PREDICTED, 3.0))).isTrue();
    assertThat(LabelJoin.joinable(refused("r3", PREDICTED))).isFalse();
  }

  private void push(PredictionEvent event) throws Exception {
    harness.processElement1(event, event.getEventTime().toEpochMilli());
  }

  private void push(LabelEvent event) throws Exception {
    harness.processElement2(event, event.getEventTime().toEpochMilli());
  }

  private void watermark(Instant time) throws Exception {
    harness.processBothWatermarks(new Watermark(time.toEpochMilli()));
  }

  @SuppressWarnings("unchecked")
  private List<StreamRecord<LabeledPrediction>> records() {
    List<StreamRecord<LabeledPrediction>> records = new ArrayList<>();
    for (Object o : harness.getOutput()) {
      if (o instanceof StreamRecord<?> record) {
        records.add((StreamRecord<LabeledPrediction>) record);
      }
    }
    return records;
  }

  private List<LabeledPrediction> values() {
    return harness.extractOutputValues();
  }

  private List<JoinOutcome> outcomes() {
    var side = harness.getSideOutput(LabelJoin.OUTCOMES);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }
}
