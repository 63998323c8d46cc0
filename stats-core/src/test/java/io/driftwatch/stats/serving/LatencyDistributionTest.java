package io.driftwatch.stats.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyDistributionTest {

  private static final int N = 1000;

  /** 1, 2, ..., 1000 ms: the exact q-quantile is q * 1000 ms. */
  private static LatencyDistribution uniformOneToThousandMs() {
    LatencyDistribution distribution = LatencyDistribution.empty();
    for (int ms = 1; ms <= N; ms++) {
      distribution.add(ms);
    }
    return distribution;
  }

  @Test
  void documentsRankErrorOfOneAndAThirdPercent() {
    assertThat(LatencyDistribution.RANK_ERROR).isCloseTo(0.0133, within(0.0001));
  }

  @Test
  void estimatesQuantilesOfUniformLatenciesWithinDocumentedRankError() {
    LatencyDistribution distribution = uniformOneToThousandMs();

    double tolerance = LatencyDistribution.RANK_ERROR * N;
    assertThat(distribution.count()).isEqualTo(N);
    assertThat(distribution.quantile(0.50)).isCloseTo(500, within(tolerance));
    assertThat(distribution.quantile(0.95)).isCloseTo(950, within(tolerance));
    assertThat(distribution.quantile(0.99)).isCloseTo(990, within(tolerance));
    assertThat(distribution.quantile(0)).isEqualTo(1);
    assertThat(distribution.quantile(1)).isEqualTo(N);
  }

  @Test
  void isExactForFewValues() {
    LatencyDistribution distribution = LatencyDistribution.empty();
    distribution.add(30);
    distribution.add(10);
    distribution.add(20);

    assertThat(distribution.quantile(0.5)).isEqualTo(20);
    assertThat(distribution.quantile(0.99)).isEqualTo(30);
  }

  @Test
  void mergeCombinesBothHalvesAndLeavesTheOtherUnchanged() {
    LatencyDistribution low = LatencyDistribution.empty();
    LatencyDistribution high = LatencyDistribution.empty();
    for (int ms = 1; ms <= N; ms++) {
      (ms <= N / 2 ? low : high).add(ms);
    }

    low.merge(high);

    assertThat(low.count()).isEqualTo(N);
    assertThat(low.quantile(0.5)).isCloseTo(500, within(LatencyDistribution.RANK_ERROR * N));
    assertThat(high.count()).isEqualTo(N / 2);
    assertThat(high.quantile(0)).isEqualTo(501);
  }

  @Test
  void roundTripsThroughItsOwnByteFormat() {
    LatencyDistribution original = uniformOneToThousandMs();

    LatencyDistribution restored = LatencyDistribution.fromByteArray(original.toByteArray());

    assertThat(restored.count()).isEqualTo(N);
    for (double q : new double[] {0, 0.5, 0.95, 0.99, 1}) {
      assertThat(restored.quantile(q)).as("q=%s", q).isEqualTo(original.quantile(q));
    }
  }

  @Test
  void emptyDistributionRoundTripsAndRefusesQuantiles() {
    LatencyDistribution restored =
        LatencyDistribution.fromByteArray(LatencyDistribution.empty().toByteArray());

    assertThat(restored.isEmpty()).isTrue();
    assertThatThrownBy(() -> restored.quantile(0.5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no latencies");
  }

  @Test
  void copyIsIndependentOfTheOriginal() {
    LatencyDistribution original = LatencyDistribution.empty();
    original.add(5);

    LatencyDistribution copy = original.copy();
    copy.add(7);

    assertThat(original.count()).isEqualTo(1);
    assertThat(copy.count()).isEqualTo(2);
  }

  @Test
  void rejectsNegativeAndNonFiniteLatencies() {
    LatencyDistribution distribution = LatencyDistribution.empty();

    assertThatThrownBy(() -> distribution.add(-1)).hasMessageContaining(">= 0 ms");
    assertThatThrownBy(() -> distribution.add(Double.NaN)).hasMessageContaining("finite");
    assertThat(distribution.isEmpty()).isTrue();
  }

  @Test
  void rejectsBytesThatAreNotASketch() {
    assertThatThrownBy(() -> LatencyDistribution.fromByteArray(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a serialized latency sketch");
  }

  @Test
  void rejectsQuantileRanksOutsideZeroToOne() {
    LatencyDistribution distribution = uniformOneToThousandMs();

    assertThatThrownBy(() -> distribution.quantile(1.5)).hasMessageContaining("[0, 1]");
  }
}
