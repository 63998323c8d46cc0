package io.driftwatch.training;

import java.util.Locale;

/**
 * Hyperparameters of {@link DemoModelTrainer}: multinomial logistic regression (Tribuo {@code
 * LinearSGDTrainer} with the {@code LogMulticlass} objective) fitted by AdaGrad on raw, unscaled
 * features.
 *
 * @param epochs passes over the training rows, {@code >= 1}
 * @param learningRate AdaGrad's initial learning rate, {@code > 0}
 * @param epsilon AdaGrad's epsilon (added to the squared-gradient sum), {@code > 0}
 * @param minibatchSize rows per gradient step, {@code >= 1}
 * @param testFraction share of rows held out for {@code test_accuracy}, in {@code [0.05, 0.5]}
 * @param seed seeds both the train/test split and Tribuo's per-epoch shuffling
 */
public record TrainingSettings(
    int epochs,
    double learningRate,
    double epsilon,
    int minibatchSize,
    double testFraction,
    long seed) {

  /** The demo model's seed. */
  public static final long DEFAULT_SEED = 42L;

  public TrainingSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs: must be >= 1, got " + epochs);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning_rate: must be > 0, got " + learningRate);
    }
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon: must be > 0, got " + epsilon);
    }
    if (minibatchSize < 1) {
      throw new IllegalArgumentException("minibatch_size: must be >= 1, got " + minibatchSize);
    }
    if (!(testFraction >= 0.05 && testFraction <= 0.5)) {
      throw new IllegalArgumentException(
          "test_fraction: must be in [0.05, 0.5], got " + testFraction);
    }
  }

  /** 50 epochs, AdaGrad(0.1, ε 0.1), minibatch 1, 20 % held out, with the given seed. */
  public static TrainingSettings defaults(long seed) {
    return new TrainingSettings(50, 0.1, 0.1, 1, 0.2, seed);
  }

  /** A stable one-line description for model lineage. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "objective=LogMulticlass, optimiser=AdaGrad, learning_rate=%s, epsilon=%s, epochs=%d,"
            + " minibatch_size=%d, test_fraction=%s, feature_scaling=none",
        learningRate,
        epsilon,
        epochs,
        minibatchSize,
        testFraction);
  }
}
