package io.driftwatch.stats.quality;

import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import java.util.Map;
import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Data quality of one column in one live window against its reference.
 *
 * <p>Every rate is in [0, 1] and never NaN (0 when its denominator is 0). Missing and invalid rates
 * are shares of all {@code n} rows; out-of-range and unseen-category rates are shares of the valid
 * rows only, so a column that is mostly missing does not hide how far off its present values are.
 *
 * @param n all live rows of the column, including missing and invalid ones
 * @param missingRate rows where the column was absent or null, over n
 * @param invalidRate rows with NaN or infinite values, over n; 0 for categorical columns
 * @param outOfRangeRate valid values below the reference minimum or above its maximum, over the
 *     valid rows; 0 for categorical columns
 * @param unseenCategoryRate valid values whose category the reference never saw, over the valid
 *     rows; 0 for numeric columns
 */
public record DataQuality(
    long n,
    double missingRate,
    double invalidRate,
    double outOfRangeRate,
    double unseenCategoryRate) {

  public DataQuality {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    requireRate("missingRate", missingRate);
    requireRate("invalidRate", invalidRate);
    requireRate("outOfRangeRate", outOfRangeRate);
    requireRate("unseenCategoryRate", unseenCategoryRate);
  }

  /**
   * Quality of a numeric window. Out of range is strictly below the reference's exact minimum or
   * strictly above its exact maximum, from the live sketch's ranks: exact while the live sketch is
   * exact (up to 200 valid values), otherwise within its rank error (1.33% of the valid rows at 99%
   * confidence) — but exactly 0 when no live value lies outside, since the sketch keeps its exact
   * min and max. A reference without valid values has an empty range: every valid live value is out
   * of range.
   */
  public static DataQuality numeric(NumericReference reference, NumericSketch live) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(live, "live");
    long n = live.count();
    double outOfRange = 0;
    if (live.valid() > 0) {
      if (reference.valid() == 0) {
        outOfRange = 1;
      } else if (live.min() < reference.min() || live.max() > reference.max()) {
        KllDoublesSketch sketch = live.sketch();
        double below = sketch.getRank(reference.min(), QuantileSearchCriteria.EXCLUSIVE);
        double above = 1 - sketch.getRank(reference.max(), QuantileSearchCriteria.INCLUSIVE);
        outOfRange = clamp(below + above);
      }
    }
    return new DataQuality(n, share(live.missing(), n), share(live.invalid(), n), outOfRange, 0);
  }

  /**
   * Quality of a categorical window. Unseen categories are those the reference sketch does not
   * track. Exact while both sketches are exact (at most 192 categories each); beyond that the
   * reference may have dropped rare categories (which then count as unseen) and the live counts are
   * guaranteed lower bounds (so the rate can be understated by at most 1.37% per category).
   */
  public static DataQuality categorical(CategoricalReference reference, CategoricalSketch live) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(live, "live");
    long n = live.count();
    long unseen = 0;
    for (Map.Entry<String, Long> category : live.lowerBounds().entrySet()) {
      if (reference.sketch().estimate(category.getKey()) == 0) {
        unseen += category.getValue();
      }
    }
    return new DataQuality(n, share(live.missing(), n), 0, 0, share(unseen, live.valid()));
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : clamp((double) part / whole);
  }

  private static double clamp(double rate) {
    return Math.min(1, Math.max(0, rate));
  }

  private static void requireRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + rate);
    }
  }
}
