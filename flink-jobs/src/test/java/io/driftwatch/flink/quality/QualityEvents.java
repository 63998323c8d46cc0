package io.driftwatch.flink.quality;

import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import java.time.Instant;
import java.util.Map;

/**
 * Test factory of a binary classifier "churn" (classes yes/no) and a regressor "price": answered
 * and refused predictions, their labels and joined records.
 */
public final class QualityEvents {

  public static final String MODEL = "churn";

  private QualityEvents() {}

  /** A champion prediction of churn version 1 that predicts {@code predicted} with p(yes). */
  public static PredictionEvent prediction(
      String requestId, Instant time, String predicted, double yes) {
    return prediction(requestId, "1", "champion", time, predicted, yes);
  }

  public static PredictionEvent prediction(
      String requestId,
      String version,
      String variant,
      Instant time,
      String predicted,
      double yes) {
    return PredictionEvent.newBuilder()
        .setRequestId(requestId)
        .setModel(MODEL)
        .setVersion(version)
        .setVariant(variant)
        .setEventTime(time)
        .setPredictedClass(predicted)
        .setScore(predicted.equals("yes") ? yes : 1 - yes)
        .setProbabilities(Map.of("yes", yes, "no", 1 - yes))
        .setLatencyMicros(1_000)
        .setStatus(PredictionStatus.OK)
        .build();
  }

  /** A regressor's prediction of {@code value}. */
  public static PredictionEvent regression(String requestId, Instant time, double value) {
    return PredictionEvent.newBuilder()
        .setRequestId(requestId)
        .setModel("price")
        .setVersion("1")
        .setVariant("champion")
        .setEventTime(time)
        .setScore(value)
        .setLatencyMicros(1_000)
        .setStatus(PredictionStatus.OK)
        .build();
  }

  /** A request the gateway refused with a 503. */
  public static PredictionEvent refused(String requestId, Instant time) {
    return PredictionEvent.newBuilder()
        .setRequestId(requestId)
        .setModel(MODEL)
        .setVersion("1")
        .setVariant("champion")
        .setEventTime(time)
        .setLatencyMicros(1_000)
        .setStatus(PredictionStatus.SERVER_ERROR)
        .setErrorCode(503)
        .build();
  }

  public static LabelEvent label(String requestId, Instant time, String actual) {
    return LabelEvent.newBuilder()
        .setRequestId(requestId)
        .setLabelClass(actual)
        .setEventTime(time)
        .build();
  }

  public static LabelEvent numericLabel(String requestId, Instant time, double actual) {
    return LabelEvent.newBuilder()
        .setRequestId(requestId)
        .setLabelValue(actual)
        .setEventTime(time)
        .build();
  }

  /** A joined classification of churn 1 champion, labeled {@code delayMillis} after prediction. */
  public static LabeledPrediction labeled(
      String variant, Instant labelTime, String predicted, String actual, long delayMillis) {
    double yes = predicted.equals("yes") ? 0.8 : 0.3;
    return LabeledPrediction.of(
        prediction(
            "r-" + labelTime.toEpochMilli(),
            "1",
            variant,
            labelTime.minusMillis(delayMillis),
            predicted,
            yes),
        label("r-" + labelTime.toEpochMilli(), labelTime, actual));
  }
}
