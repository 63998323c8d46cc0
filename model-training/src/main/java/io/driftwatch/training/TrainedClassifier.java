package io.driftwatch.training;

import java.util.List;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

/**
 * A trained weather classifier and what was learned about it while training.
 *
 * @param model the Tribuo model (thread-safe for prediction)
 * @param featureNames input features in Tribuo's feature-id order, which is the column order of the
 *     exported ONNX input
 * @param classLabels labels in Tribuo's output-id order, which is the column order of the exported
 *     ONNX output
 * @param trainingRows rows the model was fitted on
 * @param testRows rows held out for {@link #testAccuracy()}
 * @param testAccuracy share of held-out rows predicted correctly, in [0, 1]
 * @param trainer Tribuo's description of the trainer (objective, optimiser, epochs, seed)
 * @param settings the hyperparameters used
 */
public record TrainedClassifier(
    LinearSGDModel model,
    List<String> featureNames,
    List<String> classLabels,
    int trainingRows,
    int testRows,
    double testAccuracy,
    String trainer,
    TrainingSettings settings) {

  public TrainedClassifier {
    featureNames = List.copyOf(featureNames);
    classLabels = List.copyOf(classLabels);
  }

  /** Tribuo's class probabilities for {@code row}, ordered like {@link #classLabels()}. */
  public double[] probabilities(WeatherObservation row) {
    Prediction<Label> prediction = model.predict(DemoModelTrainer.toExample(row));
    double[] probabilities = new double[classLabels.size()];
    for (int i = 0; i < probabilities.length; i++) {
      probabilities[i] = prediction.getOutputScores().get(classLabels.get(i)).getScore();
    }
    return probabilities;
  }
}
