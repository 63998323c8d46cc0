package io.driftwatch.stats.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VariantComparisonTest {

  private static ClassificationMetrics correctOf(int correct, int total) {
    ClassificationMetrics metrics = ClassificationMetrics.empty();
    for (int i = 0; i < total; i++) {
      metrics.add(i < correct ? "yes" : "no", "yes");
    }
    return metrics;
  }

  private static RegressionMetrics absoluteErrors(double... errors) {
    RegressionMetrics metrics = RegressionMetrics.empty();
    for (double error : errors) {
      metrics.add(error, 0);
    }
    return metrics;
  }

  @Test
  void accuracyPValueMatchesAHandComputedTwoProportionZTest() {
    // 80/100 vs 90/100: pooled p = 0.85, se = sqrt(0.85 · 0.15 · 0.02) = 0.050498,
    // z = 0.1 / se = 1.980295, two-sided p = erfc(z / √2) = 0.0476704.
    VariantComparison comparison =
        VariantComparison.accuracy(correctOf(80, 100), correctOf(90, 100), 100);

    assertThat(comparison.metric()).isEqualTo("accuracy");
    assertThat(comparison.difference()).isCloseTo(0.1, within(1e-12));
    assertThat(comparison.pValue()).isCloseTo(0.0476704, within(1e-6));
    assertThat(comparison.enoughData()).isTrue();
  }

  @Test
  void accuracyOfIdenticalPerfectVariantsIsNotDifferent() {
    VariantComparison comparison =
        VariantComparison.accuracy(correctOf(150, 150), correctOf(120, 120), 100);

    assertThat(comparison.difference()).isZero();
    assertThat(comparison.pValue()).isEqualTo(1);
  }

  @Test
  void accuracyBelowMinSamplesIsNotEnoughDataAndHasNoPValue() {
    VariantComparison comparison =
        VariantComparison.accuracy(correctOf(80, 100), correctOf(95, 99), 100);

    assertThat(comparison.enoughData()).isFalse();
    assertThat(comparison.pValue()).isNaN();
    assertThat(comparison.difference()).isCloseTo(95.0 / 99 - 0.8, within(1e-12));
  }

  @Test
  void maePValueMatchesAHandComputedWelchTest() {
    // |e| 1..5 (mean 3, s² 2.5) vs 2,4,..,12 (mean 7, s² 14): t = 4 / sqrt(0.5 + 2.3333) = 2.37635,
    // Welch df = 6.97226, two-sided p = 0.0492843 (scipy.stats.ttest_ind, equal_var=False).
    VariantComparison comparison =
        VariantComparison.mae(absoluteErrors(1, 2, 3, 4, 5), absoluteErrors(2, 4, 6, 8, 10, 12), 5);

    assertThat(comparison.metric()).isEqualTo("mae");
    assertThat(comparison.difference()).isCloseTo(4, within(1e-12));
    assertThat(comparison.pValue()).isCloseTo(0.0492843, within(1e-6));
    assertThat(comparison.enoughData()).isTrue();
  }

  @Test
  void maeBelowMinSamplesIsNotEnoughData() {
    VariantComparison comparison =
        VariantComparison.mae(absoluteErrors(1, 2, 3), absoluteErrors(2, 4, 6, 8), 4);

    assertThat(comparison.enoughData()).isFalse();
    assertThat(comparison.pValue()).isNaN();
    assertThat(comparison.difference()).isCloseTo(3, within(1e-12));
  }

  @Test
  void maeOfConstantErrorsIsCertainUnlessEqual() {
    assertThat(VariantComparison.mae(absoluteErrors(1, 1, 1), absoluteErrors(2, 2, 2), 2).pValue())
        .isZero();
    assertThat(VariantComparison.mae(absoluteErrors(1, 1, 1), absoluteErrors(1, 1), 2).pValue())
        .isEqualTo(1);
  }

  @Test
  void namesTheInvalidArgument() {
    assertThatThrownBy(() -> VariantComparison.mae(absoluteErrors(1), absoluteErrors(1), 1))
        .hasMessageContaining("minSamples must be at least 2");
    assertThatThrownBy(() -> VariantComparison.accuracy(null, correctOf(1, 1), 1))
        .hasMessageContaining("champion");
  }
}
