package io.driftwatch.stats.drift;

import static io.driftwatch.stats.Samples.normal;
import static io.driftwatch.stats.Samples.oneTo;
import static io.driftwatch.stats.Samples.sketchOf;
import static io.driftwatch.stats.Samples.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.stats.profile.BinCounts;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.datasketches.quantilescommon.KolmogorovSmirnov;
import org.junit.jupiter.api.Test;

class NumericDriftTest {

  private static final double ALPHA = 0.05;
  private static final double EPS = NumericSketch.RANK_ERROR;
  private static final KolmogorovSmirnovTest EXACT = new KolmogorovSmirnovTest();

  private static NumericReference reference(double[] values) {
    return NumericReference.of("x", sketchOf(values));
  }

  /** PSI on raw arrays: exact counts per bin (edge[i-1], edge[i]], the same ε = 1e-4 smoothing. */
  private static double exactPsi(double[] reference, double[] live, double[] edges) {
    double[] p = exactShares(reference, edges);
    double[] q = exactShares(live, edges);
    double psi = 0;
    for (int i = 0; i < p.length; i++) {
      double ps = (p[i] + 1e-4) / (1 + p.length * 1e-4);
      double qs = (q[i] + 1e-4) / (1 + p.length * 1e-4);
      psi += (qs - ps) * Math.log(qs / ps);
    }
    return psi;
  }

  private static double[] exactShares(double[] values, double[] edges) {
    double[] shares = new double[edges.length + 1];
    for (double value : values) {
      int bin = 0;
      while (bin < edges.length && value > edges[bin]) {
        bin++;
      }
      shares[bin] += 1.0 / values.length;
    }
    return shares;
  }

  /** Jensen–Shannon distance on raw shares, base 2. */
  private static double exactJs(double[] p, double[] q) {
    double divergence = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      if (p[i] > 0) {
        divergence += 0.5 * p[i] * Math.log(p[i] / m) / Math.log(2);
      }
      if (q[i] > 0) {
        divergence += 0.5 * q[i] * Math.log(q[i] / m) / Math.log(2);
      }
    }
    return Math.sqrt(divergence);
  }

  @Test
  void identicalExactSamplesHaveZeroDistancesAndPValueOne() {
    double[] values = normal(1, 150, 0);

    NumericDrift drift = NumericDrift.compare(reference(values), sketchOf(values), ALPHA);

    assertThat(drift.n()).isEqualTo(150);
    assertThat(drift.ks()).isZero();
    assertThat(drift.ksPValue()).isEqualTo(1);
    assertThat(drift.psi()).isZero();
    assertThat(drift.js()).isZero();
    assertThat(drift.wasserstein()).isZero();
    assertThat(drift.wassersteinNormalized()).isZero();
  }

  @Test
  void sameDistributionInEstimationModeStaysWithinSketchErrorAndPValueOne() {
    NumericReference reference = reference(normal(1, 100_000, 0));

    NumericDrift drift = NumericDrift.compare(reference, sketchOf(normal(2, 10_000, 0)), ALPHA);

    assertThat(drift.ks()).isLessThan(drift.ksThreshold());
    assertThat(drift.ks()).isLessThan(2 * EPS);
    assertThat(drift.ksPValue()).isEqualTo(1);
    assertThat(drift.psi()).isLessThan(0.01);
    assertThat(drift.js()).isLessThan(0.05);
    assertThat(drift.wassersteinNormalized()).isLessThan(0.08);
  }

  /** 60% zeros, otherwise N(2, 1): a feature with a large tie. */
  private static double[] mostlyZero(long seed, int n) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextDouble() < 0.6 ? 0 : 2 + random.nextGaussian();
    }
    return values;
  }

  @Test
  void ksOfExactSketchesIsTheExactTwoSampleStatistic() {
    double[] ref = normal(3, 180, 0);
    double[] live = normal(4, 150, 0.5);

    NumericDrift drift = NumericDrift.compare(reference(ref), sketchOf(live), ALPHA);

    double exact = EXACT.kolmogorovSmirnovStatistic(ref, live);
    assertThat(drift.ks()).isCloseTo(exact, within(1e-12));
    // Exact sketches: no rank error is subtracted, so the p-value is Commons Math's at ks itself.
    assertThat(drift.ksPValue()).isEqualTo(EXACT.approximateP(drift.ks(), 180, 150));
  }

  @Test
  void ksOfDisjointExactSamplesIsOne() {
    NumericDrift drift =
        NumericDrift.compare(reference(new double[] {1, 2, 3}), sketchOf(4, 5, 6), ALPHA);

    assertThat(drift.ks()).isEqualTo(1);
  }

  @Test
  void ksHandlesTiesExactly() {
    double[] ref = mostlyZero(20, 150);
    double[] live = mostlyZero(21, 100);

    NumericDrift drift = NumericDrift.compare(reference(ref), sketchOf(live), ALPHA);

    assertThat(drift.ks()).isCloseTo(EXACT.kolmogorovSmirnovStatistic(ref, live), within(1e-12));
  }

  @Test
  void ksOfAMostlyZeroFeatureInEstimationModeStaysWithinTheSketchBound() {
    double[] ref = mostlyZero(22, 100_000);
    double[] live = mostlyZero(23, 1000);

    NumericDrift drift = NumericDrift.compare(reference(ref), sketchOf(live), ALPHA);

    assertThat(drift.ks()).isCloseTo(EXACT.kolmogorovSmirnovStatistic(ref, live), within(2 * EPS));
    assertThat(drift.ksPValue()).isGreaterThan(0.05);
  }

  @Test
  void dataSketchesComputeKsDeltaOverstatesTheDistanceWithTies() {
    // Why NumericDrift does not use KolmogorovSmirnov.computeKSDelta (datasketches-java 6.2.0).
    double[] ref = mostlyZero(20, 150);
    double[] live = mostlyZero(21, 100);

    double delta =
        KolmogorovSmirnov.computeKSDelta(sketchOf(ref).sketch(), sketchOf(live).sketch());

    assertThat(delta).isGreaterThan(EXACT.kolmogorovSmirnovStatistic(ref, live) + 0.05);
  }

  @Test
  void measuresAHalfSigmaShiftWithinTheSketchBound() {
    double[] ref = normal(5, 100_000, 0);
    double[] live = normal(6, 10_000, 0.5);

    NumericDrift drift = NumericDrift.compare(reference(ref), sketchOf(live), ALPHA);

    double exact = EXACT.kolmogorovSmirnovStatistic(ref, live);
    assertThat(exact).isCloseTo(0.197, within(0.01)); // 2Φ(0.25) − 1
    assertThat(drift.ks()).isCloseTo(exact, within(2 * EPS));
    assertThat(drift.ks()).isGreaterThan(drift.ksThreshold());
    // Conservative: evaluated at ks minus both rank errors, never smaller than at ks itself.
    assertThat(drift.ksPValue())
        .isGreaterThanOrEqualTo(EXACT.approximateP(drift.ks(), 100_000, 10_000));
    assertThat(drift.ksPValue()).isLessThan(1e-12);
  }

  @Test
  void flagsHalfSigmaMeanShiftAtThousandSamples() {
    NumericDrift drift =
        NumericDrift.compare(
            reference(normal(7, 100_000, 0)), sketchOf(normal(8, 1000, 0.5)), ALPHA);

    assertThat(drift.ks()).isGreaterThan(drift.ksThreshold());
    assertThat(drift.ksPValue()).isLessThan(1e-6);
  }

  @Test
  void ksThresholdAddsBothRankErrorsEvenForExactSketches() {
    NumericReference ref = reference(normal(9, 100, 0));
    NumericSketch live = sketchOf(normal(10, 100, 0));

    NumericDrift drift = NumericDrift.compare(ref, live, ALPHA);

    double sampling = Math.sqrt(-0.5 * Math.log(ALPHA / 2)) * Math.sqrt(2.0 / 100);
    assertThat(drift.ksThreshold()).isCloseTo(sampling + 2 * EPS, within(1e-12));
  }

  @Test
  void ksThresholdUsesRetainedItemsNotTheStreamLength() {
    NumericReference ref = reference(normal(11, 1_000_000, 0));
    NumericSketch live = sketchOf(normal(12, 1_000_000, 0));

    NumericDrift drift = NumericDrift.compare(ref, live, ALPHA);

    // With n = 10⁶ on both sides the textbook critical value is 0.0019; a k = 200 sketch retains
    // about 600 items, so DataSketches' threshold stays near 0.10.
    assertThat(drift.ksThreshold()).isBetween(0.095, 0.115);
  }

  @Test
  void psiOfExactSketchesEqualsPsiOfTheRawValuesOnTheSameEdges() {
    double[] ref = normal(13, 200, 0);
    double[] live = normal(14, 120, 0.8);
    NumericReference reference = reference(ref);

    NumericDrift drift = NumericDrift.compare(reference, sketchOf(live), ALPHA);

    double[] edges = reference.binEdges();
    assertThat(reference.sketch().isExact()).isTrue();
    assertThat(edges).hasSize(9);
    assertThat(drift.psi()).isCloseTo(exactPsi(ref, live, edges), within(1e-12));
    assertThat(drift.js())
        .isCloseTo(exactJs(exactShares(ref, edges), exactShares(live, edges)), within(1e-12));
  }

  @Test
  void psiAndJsWithExactBinCountsOnBothSidesAreTheExactValuesOfAShiftedWindow() {
    double[] ref = normal(21, 100_000, 0);
    double[] live = normal(22, 50_000, 0.5);
    NumericReference reference = NumericReference.exact("x", sketchOf(ref), ref);
    BinCounts liveBins = BinCounts.on(reference.binEdges());
    for (double value : live) {
      liveBins.add(value);
    }
    NumericSketch liveSketch = sketchOf(live);
    assertThat(liveSketch.isExact()).isFalse();

    NumericDrift exact = NumericDrift.compare(reference, liveSketch, liveBins, ALPHA);
    NumericDrift estimated = NumericDrift.compare(reference, liveSketch, ALPHA);

    double[] edges = reference.binEdges();
    assertThat(exact.psi()).isCloseTo(exactPsi(ref, live, edges), within(1e-12));
    assertThat(exact.js())
        .isCloseTo(exactJs(exactShares(ref, edges), exactShares(live, edges)), within(1e-12));
    assertThat(estimated.psi()).isNotEqualTo(exact.psi());
  }

  @Test
  void ignoresLiveBinCountsOnOtherEdges() {
    double[] ref = normal(23, 10_000, 0);
    double[] live = normal(24, 10_000, 0);
    NumericReference reference = reference(ref);
    BinCounts other = BinCounts.on(new double[] {0});
    for (double value : live) {
      other.add(value);
    }
    NumericSketch liveSketch = sketchOf(live);

    assertThat(NumericDrift.compare(reference, liveSketch, other, ALPHA).psi())
        .isEqualTo(NumericDrift.compare(reference, liveSketch, ALPHA).psi());
  }

  @Test
  void psiOfLargeSketchesOfOneDistributionStaysWithinOneHundredthOfTheExactValue() {
    double[] ref = normal(15, 100_000, 0);
    double[] live = normal(16, 100_000, 0);
    NumericReference reference = reference(ref);

    NumericDrift drift = NumericDrift.compare(reference, sketchOf(live), ALPHA);

    assertThat(drift.psi()).isCloseTo(exactPsi(ref, live, reference.binEdges()), within(0.01));
  }

  @Test
  void psiOfAHalfSigmaShiftStaysWithinEightHundredthsOfTheExactValue() {
    double[] ref = normal(15, 100_000, 0);
    double[] live = normal(16, 100_000, 0.5);
    NumericReference reference = reference(ref);

    NumericDrift drift = NumericDrift.compare(reference, sketchOf(live), ALPHA);

    // PSI weighs share errors by about |ln(q/p)| + 1, so the sketches' CDF error (mean 0.2%, at
    // most
    // about 1% per edge at k = 200) moves a shifted PSI more: at most 0.048 in 1,100 runs of this
    // case; 0.08 leaves room for the sketches' unseeded compaction.
    double exact = exactPsi(ref, live, reference.binEdges());
    assertThat(exact).isBetween(0.2, 0.3);
    assertThat(drift.psi()).isCloseTo(exact, within(0.08));
  }

  @Test
  void psiSeesMassMovingIntoAnEmptyReferenceBin() {
    // Reference 1..100 has edges 10, 20, ..., 90; the last bin (90, +inf) holds 10%.
    NumericReference reference = reference(oneTo(100));
    double[] live = new double[100];
    Arrays.fill(live, 1000); // everything in the last bin

    NumericDrift drift = NumericDrift.compare(reference, sketchOf(live), ALPHA);

    assertThat(drift.psi())
        .isCloseTo(exactPsi(oneTo(100), live, reference.binEdges()), within(1e-12));
    assertThat(drift.psi()).isGreaterThan(5);
    assertThat(drift.js())
        .isCloseTo(
            exactJs(
                exactShares(oneTo(100), reference.binEdges()),
                exactShares(live, reference.binEdges())),
            within(1e-12));
  }

  @Test
  void wassersteinBetweenUniformSamplesShiftedByCIsC() {
    double shift = 0.3;
    NumericReference reference = reference(uniform(17, 100_000, 0));

    NumericDrift drift =
        NumericDrift.compare(reference, sketchOf(uniform(18, 100_000, shift)), ALPHA);

    // Density 1: each sketch's quantiles are off by at most its rank error EPS in value.
    assertThat(drift.wasserstein()).isCloseTo(shift, within(2 * EPS));
    // The IQR of U(0, 1) is 0.5 (each quartile within EPS), so the robust scale is 0.5 / 1.349.
    double scale = NumericDrift.robustScale(reference);
    assertThat(scale).isCloseTo(0.5 / 1.349, within(2 * EPS / 1.349));
    assertThat(drift.wassersteinNormalized()).isEqualTo(drift.wasserstein() / scale);
  }

  @Test
  void wassersteinOfExactSamplesShiftedByOneIsOne() {
    NumericDrift drift =
        NumericDrift.compare(reference(new double[] {1, 2, 3, 4}), sketchOf(2, 3, 4, 5), ALPHA);

    assertThat(drift.wasserstein()).isEqualTo(1);
  }

  @Test
  void robustScaleFallsBackToRangeThenOne() {
    double[] mostlyZero = new double[100];
    mostlyZero[99] = 4;

    assertThat(NumericDrift.robustScale(reference(mostlyZero))).isEqualTo(4);
    assertThat(NumericDrift.robustScale(reference(new double[] {7, 7, 7}))).isEqualTo(1);
    assertThat(NumericDrift.robustScale(reference(oneTo(100))))
        .isCloseTo((75 - 25) / 1.349, within(1e-9));
  }

  @Test
  void ksPValueIsOneForNegligibleDistancesAndMatchesCommonsMathOtherwise() {
    assertThat(NumericDrift.ksPValue(0, 1000, 1000)).isEqualTo(1);
    assertThat(NumericDrift.ksPValue(1e-9, 1000, 1000)).isEqualTo(1);
    assertThat(NumericDrift.ksPValue(0.1, 1000, 1000))
        .isEqualTo(EXACT.approximateP(0.1, 1000, 1000))
        .isCloseTo(2 * Math.exp(-2 * 0.1 * 0.1 * 500), within(1e-7));
  }

  @Test
  void refusesWindowsWithoutValidValues() {
    NumericSketch empty = NumericSketch.empty();
    empty.addMissing(10);

    assertThatThrownBy(() -> NumericDrift.compare(reference(oneTo(10)), empty, ALPHA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("live window of column 'x' has no valid values");
  }
}
