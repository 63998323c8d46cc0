package io.driftwatch.stats.evaluation;

/**
 * One class's cells of a confusion matrix, one-vs-rest.
 *
 * @param truePositives predicted this class and it was this class
 * @param falsePositives predicted this class but it was another
 * @param falseNegatives it was this class but another was predicted
 */
public record ClassCounts(long truePositives, long falsePositives, long falseNegatives) {

  public ClassCounts {
    if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0, were tp="
              + truePositives
              + " fp="
              + falsePositives
              + " fn="
              + falseNegatives);
    }
  }

  /** Examples whose actual label is this class (true positives + false negatives). */
  public long support() {
    return truePositives + falseNegatives;
  }

  /** Examples predicted as this class (true positives + false positives). */
  public long predicted() {
    return truePositives + falsePositives;
  }

  /** TP / (TP + FP) in [0, 1]; 0 when the class was never predicted (scikit-learn's default). */
  public double precision() {
    return ratio(truePositives, predicted());
  }

  /** TP / (TP + FN) in [0, 1]; 0 when the class never occurred (scikit-learn's default). */
  public double recall() {
    return ratio(truePositives, support());
  }

  /** Harmonic mean of precision and recall in [0, 1]; 0 when both are 0. */
  public double f1() {
    return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
