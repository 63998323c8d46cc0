package io.driftwatch.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinCountsTest {

  private static final double[] EDGES = {0, 10, 20};

  @Test
  void aValueOnAnEdgeBelongsToTheBinThatEdgeCloses() {
    assertThat(BinCounts.binOf(EDGES, -5)).isZero();
    assertThat(BinCounts.binOf(EDGES, 0)).isZero();
    assertThat(BinCounts.binOf(EDGES, 0.001)).isEqualTo(1);
    assertThat(BinCounts.binOf(EDGES, 10)).isEqualTo(1);
    assertThat(BinCounts.binOf(EDGES, 20)).isEqualTo(2);
    assertThat(BinCounts.binOf(EDGES, 20.5)).isEqualTo(3);
    assertThat(BinCounts.binOf(new double[0], 7)).isZero();
  }

  @Test
  void countsFiniteValuesOnlyAndNegativeZeroAsZero() {
    BinCounts counts = BinCounts.on(EDGES);
    for (double value : new double[] {-0.0, 0, 5, 15, 25, Double.NaN, Double.POSITIVE_INFINITY}) {
      counts.add(value);
    }

    assertThat(counts.counts()).containsExactly(2, 1, 1, 1);
    assertThat(counts.total()).isEqualTo(5);
  }

  @Test
  void roundTripsThroughItsBytesAndMergesOnTheSameEdgesOnly() {
    BinCounts counts = BinCounts.on(EDGES);
    counts.add(3);
    counts.add(30);

    BinCounts copy = BinCounts.fromByteArray(counts.toByteArray());
    copy.merge(counts);

    assertThat(copy.counts()).containsExactly(0, 2, 0, 2);
    assertThat(copy.hasEdges(EDGES)).isTrue();
    assertThatThrownBy(() -> copy.merge(BinCounts.on(new double[] {1})))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinCounts.fromByteArray(new byte[] {9, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
