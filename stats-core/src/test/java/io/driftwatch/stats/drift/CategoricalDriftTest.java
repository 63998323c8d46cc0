package io.driftwatch.stats.drift;

import static io.driftwatch.stats.Samples.categories;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.CategoricalSketch;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CategoricalDriftTest {

  /** Reference: 30 rain, 20 snow, 50 sun (100 rows). */
  private static final CategoricalReference WEATHER =
      new CategoricalReference("weather", categories("rain", 30, "snow", 20, "sun", 50));

  @Test
  void chiSquareMatchesTheHandComputedContingencyTable() {
    // Live: 10 rain, 20 snow, 10 sun. Column totals 40, 40, 60 of 140 rows, so the expected counts
    // are 28.571, 28.571, 42.857 (reference) and 11.429, 11.429, 17.143 (live):
    // chi² = 0.0714 + 2.5714 + 1.1905 + 0.1786 + 6.4286 + 2.9762 = 13.4167 with 2 degrees of
    // freedom, whose survival function is exp(-chi²/2).
    CategoricalDrift drift =
        CategoricalDrift.compare(WEATHER, categories("rain", 10, "snow", 20, "sun", 10));

    assertThat(drift.chi2PValue()).isCloseTo(Math.exp(-13.41667 / 2), within(1e-6));
    assertThat(drift.chi2PValue()).isCloseTo(0.001221, within(1e-6));
    assertThat(drift.n()).isEqualTo(40);
  }

  @Test
  void linfIsTheLargestShareDifference() {
    // Shares: reference 0.30 / 0.20 / 0.50, live 0.25 / 0.50 / 0.25.
    CategoricalDrift drift =
        CategoricalDrift.compare(WEATHER, categories("rain", 10, "snow", 20, "sun", 10));

    assertThat(drift.linf()).isCloseTo(0.30, within(1e-12));
  }

  @Test
  void psiAndJsUseOneBinPerCategory() {
    CategoricalDrift drift =
        CategoricalDrift.compare(WEATHER, categories("rain", 10, "snow", 20, "sun", 10));

    double[] p = {0.30, 0.20, 0.50};
    double[] q = {0.25, 0.50, 0.25};
    double psi = 0;
    double js = 0;
    for (int i = 0; i < 3; i++) {
      double ps = (p[i] + 1e-4) / (1 + 3e-4);
      double qs = (q[i] + 1e-4) / (1 + 3e-4);
      psi += (qs - ps) * Math.log(qs / ps);
      double m = (p[i] + q[i]) / 2;
      js +=
          0.5 * p[i] * Math.log(p[i] / m) / Math.log(2)
              + 0.5 * q[i] * Math.log(q[i] / m) / Math.log(2);
    }
    assertThat(drift.psi()).isCloseTo(psi, within(1e-12));
    assertThat(drift.js()).isCloseTo(Math.sqrt(js), within(1e-12));
  }

  @Test
  void includesCategoriesTheReferenceNeverSaw() {
    // Live: 10 rain, 20 snow, 5 sun, 5 hail. Hail's reference share 0, live share 0.125; the table
    // is 2 x 4 with 3 degrees of freedom.
    CategoricalSketch live = categories("rain", 10, "snow", 20, "sun", 5, "hail", 5);

    CategoricalDrift drift = CategoricalDrift.compare(WEATHER, live);

    // Expected counts from column totals 40, 40, 55, 5 of 140: chi² by hand.
    double[][] observed = {{30, 20, 50, 0}, {10, 20, 5, 5}};
    double[] rowTotals = {100, 40};
    double[] columnTotals = {40, 40, 55, 5};
    double chi2 = 0;
    for (int row = 0; row < 2; row++) {
      for (int column = 0; column < 4; column++) {
        double expected = rowTotals[row] * columnTotals[column] / 140;
        chi2 += Math.pow(observed[row][column] - expected, 2) / expected;
      }
    }
    double p =
        1
            - new org.apache.commons.math3.distribution.ChiSquaredDistribution(3)
                .cumulativeProbability(chi2);
    assertThat(drift.chi2PValue()).isCloseTo(p, within(1e-12));
    assertThat(drift.linf()).isCloseTo(0.375, within(1e-12)); // sun: 0.50 vs 0.125
  }

  @Test
  void identicalCountsHavePValueOneAndZeroDistances() {
    CategoricalDrift drift =
        CategoricalDrift.compare(WEATHER, categories("rain", 30, "snow", 20, "sun", 50));

    assertThat(drift.chi2PValue()).isCloseTo(1, within(1e-12));
    assertThat(drift.linf()).isZero();
    assertThat(drift.psi()).isZero();
    assertThat(drift.js()).isZero();
  }

  @Test
  void aSingleCategoryOnBothSidesHasPValueOne() {
    CategoricalReference constant = new CategoricalReference("c", categories("a", 50));

    CategoricalDrift drift = CategoricalDrift.compare(constant, categories("a", 7));

    assertThat(drift.chi2PValue()).isEqualTo(1);
    assertThat(drift.linf()).isZero();
  }

  /**
   * 10⁵ reference and {@code liveRows} live rows, about 250 categories, the live one with an extra
   * share of "c0".
   */
  private static CategoricalDrift longTail(int liveRows, double extraTopShare) {
    Random random = new Random(42);
    CategoricalSketch ref = CategoricalSketch.empty();
    CategoricalSketch live = CategoricalSketch.empty();
    for (int i = 0; i < 100_000; i++) {
      ref.update("c" + (int) Math.abs(random.nextGaussian() * 60));
    }
    for (int i = 0; i < liveRows; i++) {
      boolean extra = random.nextDouble() < extraTopShare;
      live.update(extra ? "c0" : "c" + (int) Math.abs(random.nextGaussian() * 60));
    }
    assertThat(ref.isExact()).isFalse();
    return CategoricalDrift.compare(new CategoricalReference("tail", ref), live);
  }

  @Test
  void doesNotFlagAStationaryLongTailedColumnBeyondTheExactCategoryLimit() {
    CategoricalDrift drift = longTail(100_000, 0);

    assertThat(drift.chi2PValue()).isGreaterThan(0.05);
    assertThat(drift.linf()).isLessThan(0.01);
    assertThat(drift.psi()).isLessThan(0.01);
  }

  @Test
  void flagsAThreePointRiseOfAFrequentCategoryBeyondTheExactCategoryLimit() {
    CategoricalDrift drift = longTail(10_000, 0.03);

    assertThat(drift.chi2PValue()).isLessThan(1e-6);
    assertThat(drift.linf()).isCloseTo(0.03, within(0.01));
  }
}
