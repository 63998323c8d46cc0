package io.driftwatch.flink.quality;

import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * One answered prediction with its ground truth, as the label join emits it. Either a
 * classification ({@code predictedClass} and {@code actualClass} set) or a regression ({@code
 * predictedValue} and {@code actualValue} set, no classes).
 *
 * @param requestId the request id both events carry
 * @param model model name
 * @param version model version that answered
 * @param variant champion, challenger or shadow
 * @param predictedClass the predicted class, or null for a regressor
 * @param predictedValue the regression output, or null for a classifier
 * @param positiveClass for a binary classifier (exactly two probabilities) the class whose
 *     probability is {@code positiveScore}, the last of the two in string order; else null. The AUC
 *     does not depend on which of the two classes is called positive.
 * @param positiveScore probability of {@code positiveClass}, or null
 * @param actualClass the true class, or null for a regressor
 * @param actualValue the true value, or null for a classifier
 * @param predictionTime prediction event time, epoch ms UTC
 * @param labelTime label event time (when the gateway accepted it), epoch ms UTC
 */
public record LabeledPrediction(
    String requestId,
    String model,
    String version,
    String variant,
    String predictedClass,
    Double predictedValue,
    String positiveClass,
    Double positiveScore,
    String actualClass,
    Double actualValue,
    long predictionTime,
    long labelTime) {

  /**
   * Joins a prediction and its label. A numeric label of a classifier is read as the class of its
   * decimal form ({@code 1} or {@code 1.0} → "1"); a class label of a regressor is parsed as a
   * number. A label that fits neither gives a record that is neither {@link #isClassification()}
   * nor {@link #isRegression()}.
   */
  public static LabeledPrediction of(PredictionEvent prediction, LabelEvent label) {
    String predictedClass = prediction.getPredictedClass();
    String positiveClass = null;
    Double positiveScore = null;
    String actualClass = null;
    Double predictedValue = null;
    Double actualValue = null;
    if (predictedClass != null) {
      actualClass = label.getLabelClass() != null ? label.getLabelClass() : asClass(label);
      Map<String, Double> probabilities = prediction.getProbabilities();
      if (probabilities != null && probabilities.size() == 2) {
        Map.Entry<String, Double> last = new TreeMap<>(probabilities).lastEntry();
        positiveClass = last.getKey();
        positiveScore = last.getValue();
      }
    } else {
      predictedValue = prediction.getScore();
      actualValue = label.getLabelValue() != null ? label.getLabelValue() : asNumber(label);
    }
    return new LabeledPrediction(
        prediction.getRequestId(),
        prediction.getModel(),
        prediction.getVersion(),
        prediction.getVariant(),
        predictedClass,
        predictedValue,
        positiveClass,
        positiveScore,
        actualClass,
        actualValue,
        prediction.getEventTime().toEpochMilli(),
        label.getEventTime().toEpochMilli());
  }

  public boolean isClassification() {
    return predictedClass != null && actualClass != null;
  }

  public boolean isRegression() {
    return predictedClass == null
        && predictedValue != null
        && Double.isFinite(predictedValue)
        && actualValue != null
        && Double.isFinite(actualValue);
  }

  /** 1 when a classifier was wrong, 0 when right; only for {@link #isClassification()}. */
  public double error() {
    return predictedClass.equals(actualClass) ? 0 : 1;
  }

  /** Label time − prediction time in ms, at least 0 (clocks of two gateways may disagree). */
  public long labelDelayMillis() {
    return Math.max(0, labelTime - predictionTime);
  }

  private static String asClass(LabelEvent label) {
    Double value = label.getLabelValue();
    if (value == null || !Double.isFinite(value)) {
      return null;
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString(value.longValue())
        : value.toString();
  }

  private static Double asNumber(LabelEvent label) {
    try {
      return label.getLabelClass() == null ? null : Double.valueOf(label.getLabelClass().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
