package io.driftwatch.flink.drift;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import java.util.Map;

/**
 * What the drift windows need of an answered prediction, projected at the source so that only the
 * feature values and outputs cross the network (Flink's array serializers are several times cheaper
 * than Avro's for the event's feature maps).
 *
 * @param model model name
 * @param version model version
 * @param numericNames numeric feature names, parallel to {@code numericValues}
 * @param numericValues values; null marks a missing value
 * @param categoricalNames categorical feature names, parallel to {@code categoricalValues}
 * @param categoricalValues categories; null marks a missing value
 * @param predictedClass the predicted class, or null (regressors)
 * @param score the score, or null
 */
public record FeatureRow(
    String model,
    String version,
    String[] numericNames,
    Double[] numericValues,
    String[] categoricalNames,
    String[] categoricalValues,
    String predictedClass,
    Double score) {

  /** The row of an answered prediction, or null for a refused one (it has no model output). */
  public static FeatureRow of(PredictionEvent event) {
    if (event.getStatus() != PredictionStatus.OK) {
      return null;
    }
    Map<String, Double> numeric = event.getNumericFeatures();
    String[] numericNames = new String[numeric.size()];
    Double[] numericValues = new Double[numeric.size()];
    int i = 0;
    for (Map.Entry<String, Double> e : numeric.entrySet()) {
      numericNames[i] = e.getKey();
      numericValues[i++] = e.getValue();
    }
    Map<String, String> categorical = event.getCategoricalFeatures();
    String[] categoricalNames = new String[categorical.size()];
    String[] categoricalValues = new String[categorical.size()];
    i = 0;
    for (Map.Entry<String, String> e : categorical.entrySet()) {
      categoricalNames[i] = e.getKey();
      categoricalValues[i++] = e.getValue();
    }
    return new FeatureRow(
        event.getModel(),
        event.getVersion(),
        numericNames,
        numericValues,
        categoricalNames,
        categoricalValues,
        event.getPredictedClass(),
        event.getScore());
  }

  public ModelVersionKey key() {
    return new ModelVersionKey(model, version);
  }
}
