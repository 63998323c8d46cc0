package io.driftwatch.stats.evaluation;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.StatisticalSummaryValues;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Champion vs challenger: is the challenger's windowed quality different from the champion's?
 *
 * @param metric "accuracy" or "mae"
 * @param difference challenger − champion in the metric's unit (for accuracy, positive = the
 *     challenger is better; for MAE, negative = the challenger is better); NaN when either side has
 *     no labeled predictions
 * @param pValue two-sided p-value of "no difference" in [0, 1]; NaN when {@code enoughData} is
 *     false
 * @param enoughData whether both sides have at least the requested number of labeled predictions
 */
public record VariantComparison(
    String metric, double difference, double pValue, boolean enoughData) {

  /** The {@link #metric()} of {@link #accuracy}. */
  public static final String ACCURACY = "accuracy";

  /** The {@link #metric()} of {@link #mae}. */
  public static final String MAE = "mae";

  /**
   * Compares accuracies with the two-sided two-proportion z-test under the pooled null: with
   * x<sub>i</sub> correct of n<sub>i</sub> and p = (x<sub>1</sub> + x<sub>2</sub>) / (n<sub>1</sub>
   * + n<sub>2</sub>), z = (x<sub>2</sub>/n<sub>2</sub> − x<sub>1</sub>/n<sub>1</sub>) / sqrt(p(1 −
   * p)(1/n<sub>1</sub> + 1/n<sub>2</sub>)) and the p-value is 2 Φ(−|z|). When p is 0 or 1 (both all
   * right or all wrong) the p-value is 1. The normal approximation wants n·p and n·(1 − p) of at
   * least about 5 on each side, hence {@code minSamples} (100 is a reasonable floor).
   *
   * @param minSamples labeled predictions each side needs for {@code enoughData}, at least 1
   */
  public static VariantComparison accuracy(
      ClassificationMetrics champion, ClassificationMetrics challenger, long minSamples) {
    requireArguments(champion, challenger, minSamples, 1);
    long n1 = champion.count();
    long n2 = challenger.count();
    double difference = challenger.accuracy() - champion.accuracy();
    boolean enough = n1 >= minSamples && n2 >= minSamples;
    if (!enough) {
      return new VariantComparison(ACCURACY, difference, Double.NaN, false);
    }
    double pooled = (double) (champion.correct() + challenger.correct()) / (n1 + n2);
    double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    double pValue;
    if (standardError == 0) {
      pValue = 1;
    } else {
      double z = difference / standardError;
      pValue =
          Math.min(1, 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z)));
    }
    return new VariantComparison(ACCURACY, difference, pValue, true);
  }

  /**
   * Compares mean absolute errors with Welch's two-sided t-test on the absolute errors (unequal
   * variances, Welch–Satterthwaite degrees of freedom; Commons Math {@link TTest}), from each
   * side's count, {@link RegressionMetrics#mae()} and {@link
   * RegressionMetrics#absoluteErrorVariance()}. When both variances are 0 the p-value is 1 for
   * equal MAEs and 0 otherwise.
   *
   * @param minSamples labeled predictions each side needs for {@code enoughData}, at least 2 (the
   *     test needs a variance on each side)
   */
  public static VariantComparison mae(
      RegressionMetrics champion, RegressionMetrics challenger, long minSamples) {
    requireArguments(champion, challenger, minSamples, 2);
    double difference = challenger.mae() - champion.mae();
    boolean enough = champion.count() >= minSamples && challenger.count() >= minSamples;
    if (!enough) {
      return new VariantComparison(MAE, difference, Double.NaN, false);
    }
    double v1 = champion.absoluteErrorVariance();
    double v2 = challenger.absoluteErrorVariance();
    double pValue;
    if (v1 == 0 && v2 == 0) {
      pValue = difference == 0 ? 1 : 0;
    } else {
      pValue = new TTest().tTest(summary(champion), summary(challenger));
    }
    return new VariantComparison(MAE, difference, pValue, true);
  }

  private static StatisticalSummaryValues summary(RegressionMetrics metrics) {
    return new StatisticalSummaryValues(
        metrics.mae(),
        metrics.absoluteErrorVariance(),
        metrics.count(),
        Double.NaN,
        Double.NaN,
        metrics.mae() * metrics.count());
  }

  private static void requireArguments(
      Object champion, Object challenger, long minSamples, long smallest) {
    if (champion == null) {
      throw new IllegalArgumentException("champion metrics must not be null");
    }
    if (challenger == null) {
      throw new IllegalArgumentException("challenger metrics must not be null");
    }
    if (minSamples < smallest) {
      throw new IllegalArgumentException(
          "minSamples must be at least " + smallest + ", was " + minSamples);
    }
  }
}
