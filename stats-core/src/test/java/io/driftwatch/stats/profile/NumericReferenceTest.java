package io.driftwatch.stats.profile;

import static io.driftwatch.stats.Samples.oneTo;
import static io.driftwatch.stats.Samples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NumericReferenceTest {

  @Test
  void placesDefaultEdgesAtReferenceDeciles() {
    NumericReference reference = NumericReference.of("age", sketchOf(oneTo(100)));

    assertThat(reference.binEdges()).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90);
    assertThat(reference.bins()).isEqualTo(10);
    assertThat(reference.min()).isEqualTo(1);
    assertThat(reference.max()).isEqualTo(100);
  }

  @Test
  void exactReferencePlacesEdgesAtTheExactDecilesAndCountsEveryValue() {
    double[] values = oneTo(1_000);

    NumericReference reference = NumericReference.exact("age", sketchOf(values), values);

    assertThat(reference.binEdges()).containsExactly(100, 200, 300, 400, 500, 600, 700, 800, 900);
    assertThat(reference.binCounts()).containsOnly(100L).hasSize(10);
    assertThat(reference.hasBinCounts()).isTrue();
    assertThat(NumericReference.of("age", sketchOf(values)).hasBinCounts()).isFalse();
  }

  @Test
  void exactReferenceOfAMostlyZeroFeatureCountsTheZerosInTheirOwnBin() {
    double[] values = new double[100];
    for (int i = 70; i < 100; i++) {
      values[i] = i - 69;
    }

    NumericReference reference = NumericReference.exact("clicks", sketchOf(values), values);

    assertThat(reference.binEdges()).containsExactly(0, 10, 20);
    assertThat(reference.binCounts()).containsExactly(70, 10, 10, 10);
  }

  @Test
  void refusesBinCountsThatDoNotAddUpToTheValidValues() {
    NumericSketch sketch = sketchOf(1, 2, 3);
    assertThatThrownBy(
            () -> new NumericReference("x", sketch, 1, 3, new double[] {2}, new long[] {2, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum to 4");
    assertThatThrownBy(
            () -> new NumericReference("x", sketch, 1, 3, new double[] {2}, new long[] {3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 bin counts for 2 bins");
  }

  @Test
  void dropsDuplicateEdgesOfAMostlyZeroFeature() {
    double[] values = new double[100];
    for (int i = 70; i < 100; i++) {
      values[i] = i - 69; // 70 zeros, then 1..30
    }

    NumericReference reference = NumericReference.of("clicks", sketchOf(values));

    assertThat(reference.binEdges()).containsExactly(0, 10, 20);
  }

  @Test
  void treatsNegativeZeroAsZero() {
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[i] = i < 30 ? -1 : i < 60 ? -0.0 : i < 90 ? 0.0 : 1;
    }

    NumericReference reference = NumericReference.of("rounded", sketchOf(values));

    assertThat(reference.binEdges()).containsExactly(-1, 0);
  }

  @Test
  void hasNoEdgesWithoutValidValues() {
    NumericSketch allMissing = NumericSketch.empty();
    allMissing.addMissing(5);

    NumericReference reference = NumericReference.of("x", allMissing);

    assertThat(reference.binEdges()).isEmpty();
    assertThat(reference.min()).isNaN();
    assertThat(reference.missingRate()).isEqualTo(1);
  }

  @Test
  void rejectsEdgesThatAreNotStrictlyIncreasing() {
    NumericSketch sketch = sketchOf(1, 2, 3);

    assertThatThrownBy(() -> new NumericReference("x", sketch, 1, 3, new double[] {2, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'x'")
        .hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> new NumericReference("x", sketch, 1, 3, new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not finite");
  }

  @Test
  void rejectsMinAndMaxThatDisagreeWithTheSketch() {
    assertThatThrownBy(() -> new NumericReference("x", sketchOf(1, 2, 3), 0, 3, new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ from the sketch's 1.0/3.0");
  }

  @Test
  void rejectsBadBinCounts() {
    assertThatThrownBy(() -> NumericReference.of("x", sketchOf(1, 2), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bins must be in [2, 1000], was 1");
  }

  @Test
  void isImmutable() {
    NumericSketch sketch = sketchOf(oneTo(100));
    NumericReference reference = NumericReference.of("x", sketch);

    sketch.update(1000);
    reference.binEdges()[0] = -1;

    assertThat(reference.max()).isEqualTo(100);
    assertThat(reference.sketch().max()).isEqualTo(100);
    assertThat(reference.binEdges()[0]).isEqualTo(10);
  }
}
