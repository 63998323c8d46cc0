package io.driftwatch.stats.profile;

import static io.driftwatch.stats.Samples.normal;
import static io.driftwatch.stats.Samples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class NumericSketchTest {

  @Test
  void countsValidMissingAndInvalidRowsSeparately() {
    NumericSketch sketch = NumericSketch.empty();
    sketch.update(1.5);
    sketch.update(Double.valueOf(-2));
    sketch.update((Double) null);
    sketch.update(Double.NaN);
    sketch.update(Double.POSITIVE_INFINITY);
    sketch.update(Double.NEGATIVE_INFINITY);
    sketch.addMissing(4);

    assertThat(sketch.valid()).isEqualTo(2);
    assertThat(sketch.missing()).isEqualTo(5);
    assertThat(sketch.invalid()).isEqualTo(3);
    assertThat(sketch.count()).isEqualTo(10);
    assertThat(sketch.min()).isEqualTo(-2);
    assertThat(sketch.max()).isEqualTo(1.5);
    assertThat(sketch.sketch().getN()).isEqualTo(2);
  }

  @Test
  void hasNaNMinAndMaxWithoutValidValues() {
    NumericSketch sketch = NumericSketch.empty();
    sketch.update(Double.NaN);

    assertThat(sketch.min()).isNaN();
    assertThat(sketch.max()).isNaN();
    assertThat(sketch.count()).isEqualTo(1);
  }

  @Test
  void refusesNegativeMissingCount() {
    assertThatThrownBy(() -> NumericSketch.empty().addMissing(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n must be >= 0");
  }

  @Test
  void mergeAddsValuesAndCountsAndLeavesTheOtherUnchanged() {
    NumericSketch low = sketchOf(1, 2, 3);
    low.addMissing(1);
    NumericSketch high = sketchOf(10, 20);
    high.update(Double.NaN);

    low.merge(high);

    assertThat(low.valid()).isEqualTo(5);
    assertThat(low.missing()).isEqualTo(1);
    assertThat(low.invalid()).isEqualTo(1);
    assertThat(low.max()).isEqualTo(20);
    assertThat(high.valid()).isEqualTo(2);
    assertThat(high.min()).isEqualTo(10);
  }

  @Test
  void roundTripsToIdenticalBytesInEstimationMode() {
    NumericSketch original = sketchOf(normal(1, 100_000, 0));
    original.addMissing(7);
    original.update(Double.NaN);
    assertThat(original.isExact()).isFalse();

    byte[] bytes = original.toByteArray();
    NumericSketch restored = NumericSketch.fromByteArray(bytes);

    assertThat(restored.toByteArray()).isEqualTo(bytes);
    assertThat(restored.valid()).isEqualTo(100_000);
    assertThat(restored.missing()).isEqualTo(7);
    assertThat(restored.invalid()).isEqualTo(1);
    assertThat(restored.sketch().getQuantile(0.5)).isEqualTo(original.sketch().getQuantile(0.5));
  }

  @Test
  void serializedFormIsFormatByteCountsThenKllCompactBytes() {
    NumericSketch sketch = sketchOf(1, 2, 3);
    sketch.addMissing(2);

    byte[] bytes = sketch.toByteArray();

    assertThat(bytes[0]).isEqualTo(NumericSketch.FORMAT);
    assertThat(Arrays.copyOfRange(bytes, 17, bytes.length))
        .isEqualTo(sketch.sketch().toByteArray());
  }

  @Test
  void staysUnderSixKibibytesAfterAMillionValues() {
    NumericSketch sketch = sketchOf(normal(2, 1_000_000, 0));

    assertThat(sketch.toByteArray().length).isLessThan(6 * 1024);
  }

  @Test
  void rejectsGarbageBytesWithAMessage() {
    assertThatThrownBy(() -> NumericSketch.fromByteArray(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 bytes");
    byte[] wrongFormat = sketchOf(1, 2).toByteArray();
    wrongFormat[0] = 9;
    assertThatThrownBy(() -> NumericSketch.fromByteArray(wrongFormat))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format byte 9");
    byte[] corruptKll = sketchOf(1, 2).toByteArray();
    Arrays.fill(corruptKll, 17, corruptKll.length, (byte) 0x7f);
    assertThatThrownBy(() -> NumericSketch.fromByteArray(corruptKll))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a KLL doubles sketch");
    byte[] negativeMissing = sketchOf(1, 2).toByteArray();
    negativeMissing[1] = (byte) 0x80;
    assertThatThrownBy(() -> NumericSketch.fromByteArray(negativeMissing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing count must be >= 0");
  }

  @Test
  void rejectsSketchesWithAnotherK() {
    KllDoublesSketch other = KllDoublesSketch.newHeapInstance(100);
    other.update(1);

    assertThatThrownBy(() -> NumericSketch.of(other, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k=100");
  }

  @Test
  void ofCopiesTheGivenSketch() {
    KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(NumericSketch.K);
    kll.update(1);
    NumericSketch sketch = NumericSketch.of(kll, 3, 4);

    kll.update(2);

    assertThat(sketch.valid()).isEqualTo(1);
    assertThat(sketch.count()).isEqualTo(8);
  }

  @Test
  void copyIsIndependent() {
    NumericSketch original = sketchOf(1, 2);
    NumericSketch copy = original.copy();

    copy.update(3);
    copy.addMissing(1);

    assertThat(original.valid()).isEqualTo(2);
    assertThat(original.missing()).isZero();
    assertThat(copy.valid()).isEqualTo(3);
  }
}
