package io.driftwatch.stats.quality;

import static io.driftwatch.stats.Samples.categories;
import static io.driftwatch.stats.Samples.oneTo;
import static io.driftwatch.stats.Samples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import org.junit.jupiter.api.Test;

class DataQualityTest {

  private static final NumericReference ONE_TO_HUNDRED =
      NumericReference.of("x", sketchOf(oneTo(100)));

  @Test
  void numericRatesCountMissingAndInvalidOverAllRowsAndRangeOverValidOnes() {
    NumericSketch live = sketchOf(-5, 0, 1, 50, 60, 100, 150);
    live.update((Double) null);
    live.update((Double) null);
    live.update(Double.NaN);

    DataQuality quality = DataQuality.numeric(ONE_TO_HUNDRED, live);

    assertThat(quality.n()).isEqualTo(10);
    assertThat(quality.missingRate()).isCloseTo(0.2, within(1e-12));
    assertThat(quality.invalidRate()).isCloseTo(0.1, within(1e-12));
    // -5, 0 below 1 and 150 above 100; the bounds themselves are in range.
    assertThat(quality.outOfRangeRate()).isCloseTo(3.0 / 7, within(1e-12));
    assertThat(quality.unseenCategoryRate()).isZero();
  }

  @Test
  void outOfRangeIsExactlyZeroForLargeWindowsInsideTheRange() {
    NumericSketch live = NumericSketch.empty();
    for (int i = 0; i < 100_000; i++) {
      live.update(1 + (i % 100));
    }

    assertThat(DataQuality.numeric(ONE_TO_HUNDRED, live).outOfRangeRate()).isZero();
  }

  @Test
  void outOfRangeOfLargeWindowsIsWithinTheRankError() {
    NumericSketch live = NumericSketch.empty();
    for (int i = 0; i < 100_000; i++) {
      live.update(i % 10 == 0 ? 500 : 50); // 10% above the reference maximum
    }

    assertThat(DataQuality.numeric(ONE_TO_HUNDRED, live).outOfRangeRate())
        .isCloseTo(0.1, within(NumericSketch.RANK_ERROR));
  }

  @Test
  void emptyWindowHasZeroRates() {
    DataQuality quality = DataQuality.numeric(ONE_TO_HUNDRED, NumericSketch.empty());

    assertThat(quality).isEqualTo(new DataQuality(0, 0, 0, 0, 0));
  }

  @Test
  void everyValueIsOutOfAnEmptyReferenceRange() {
    NumericSketch none = NumericSketch.empty();
    none.addMissing(3);

    DataQuality quality = DataQuality.numeric(NumericReference.of("x", none), sketchOf(1, 2));

    assertThat(quality.outOfRangeRate()).isEqualTo(1);
  }

  @Test
  void unseenCategoryRateIsTheShareOfValidRowsInNewCategories() {
    CategoricalReference weather =
        new CategoricalReference("weather", categories("rain", 30, "snow", 20, "sun", 50));
    CategoricalSketch live = categories("rain", 10, "snow", 20, "sun", 5, "hail", 3, "fog", 2);
    live.addMissing(10);

    DataQuality quality = DataQuality.categorical(weather, live);

    assertThat(quality.n()).isEqualTo(50);
    assertThat(quality.missingRate()).isCloseTo(0.2, within(1e-12));
    assertThat(quality.unseenCategoryRate()).isCloseTo(5.0 / 40, within(1e-12));
    assertThat(quality.outOfRangeRate()).isZero();
    assertThat(quality.invalidRate()).isZero();
  }
}
