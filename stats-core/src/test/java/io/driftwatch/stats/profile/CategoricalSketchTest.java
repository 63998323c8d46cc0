package io.driftwatch.stats.profile;

import static io.driftwatch.stats.Samples.categories;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.junit.jupiter.api.Test;

class CategoricalSketchTest {

  @Test
  void countsCategoriesMostFrequentFirstAndNullsAsMissing() {
    CategoricalSketch sketch = categories("rain", 2, "sun", 5, "", 1, "fog", 2);
    sketch.update(null);
    sketch.addMissing(2);

    assertThat(sketch.frequencies())
        .containsExactly(
            Map.entry("sun", 5L), Map.entry("fog", 2L), Map.entry("rain", 2L), Map.entry("", 1L));
    assertThat(sketch.valid()).isEqualTo(10);
    assertThat(sketch.missing()).isEqualTo(3);
    assertThat(sketch.count()).isEqualTo(13);
    assertThat(sketch.estimate("sun")).isEqualTo(5);
    assertThat(sketch.estimate("snow")).isZero();
  }

  @Test
  void isExactUpTo192CategoriesAndBoundedBeyond() {
    CategoricalSketch sketch = CategoricalSketch.empty();
    for (int i = 0; i < CategoricalSketch.EXACT_CATEGORIES; i++) {
      sketch.update("c" + i);
    }
    assertThat(sketch.isExact()).isTrue();
    assertThat(sketch.frequencies()).hasSize(192);

    for (int i = 0; i < 10_000; i++) {
      sketch.update("x" + (i % 1000));
    }

    assertThat(sketch.isExact()).isFalse();
    assertThat(sketch.maximumError())
        .isPositive()
        .isLessThanOrEqualTo(
            (long) Math.ceil(3.5 / CategoricalSketch.MAX_MAP_SIZE * sketch.valid()));
    assertThat(sketch.lowerBounds().values().stream().mapToLong(Long::longValue).sum())
        .isLessThanOrEqualTo(sketch.valid());
  }

  @Test
  void mergeAddsCountsAndLeavesTheOtherUnchanged() {
    CategoricalSketch first = categories("a", 3, "b", 1);
    CategoricalSketch second = categories("b", 2, "c", 1);
    second.update(null);

    first.merge(second);

    assertThat(first.frequencies())
        .containsExactly(Map.entry("a", 3L), Map.entry("b", 3L), Map.entry("c", 1L));
    assertThat(first.missing()).isEqualTo(1);
    assertThat(second.valid()).isEqualTo(3);
  }

  @Test
  void roundTripsToIdenticalBytes() {
    CategoricalSketch original = CategoricalSketch.empty();
    for (int i = 0; i < 50_000; i++) {
      original.update("category-" + (i * 7919 % 400));
    }
    original.addMissing(11);

    byte[] bytes = original.toByteArray();
    CategoricalSketch restored = CategoricalSketch.fromByteArray(bytes);

    assertThat(restored.toByteArray()).isEqualTo(bytes);
    assertThat(restored.frequencies()).isEqualTo(original.frequencies());
    assertThat(restored.missing()).isEqualTo(11);
  }

  @Test
  void staysSmallWithManyCategories() {
    CategoricalSketch sketch = CategoricalSketch.empty();
    for (int i = 0; i < 100_000; i++) {
      sketch.update("cat" + (i % 5000));
    }

    assertThat(sketch.toByteArray().length).isLessThan(16 * 1024);
  }

  @Test
  void rejectsGarbageBytesWithAMessage() {
    assertThatThrownBy(() -> CategoricalSketch.fromByteArray(new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 bytes");
    byte[] wrongFormat = categories("a", 1).toByteArray();
    wrongFormat[0] = 2;
    assertThatThrownBy(() -> CategoricalSketch.fromByteArray(wrongFormat))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format byte 2");
    byte[] truncated = Arrays.copyOf(categories("a", 1, "b", 2).toByteArray(), 30);
    assertThatThrownBy(() -> CategoricalSketch.fromByteArray(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frequencies sketch");
    byte[] hugeMap = categories("a", 1).toByteArray();
    hugeMap[9 + 4] = 60;
    assertThatThrownBy(() -> CategoricalSketch.fromByteArray(hugeMap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("current map size 2^60");
  }

  @Test
  void rejectsSketchesWithAnotherMapSize() {
    ItemsSketch<String> other = new ItemsSketch<>(1024);
    other.update("a");

    assertThatThrownBy(() -> CategoricalSketch.of(other, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 256");
  }

  @Test
  void ofReadsTheItemsSketchItWasGiven() {
    ItemsSketch<String> items = new ItemsSketch<>(CategoricalSketch.MAX_MAP_SIZE);
    items.update("a", 4);

    CategoricalSketch sketch = CategoricalSketch.of(items, 2);
    items.update("b");

    assertThat(sketch.frequencies()).containsExactly(Map.entry("a", 4L));
    assertThat(sketch.count()).isEqualTo(6);
  }
}
