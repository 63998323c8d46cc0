package io.driftwatch.stats.drift;

import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.CategoricalSketch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Every categorical drift statistic of a live window against its reference, on one bin per
 * category: the union of reference and live categories, categories unseen in the reference
 * included, categories absent from both dropped.
 *
 * <p>While both sketches are exact (at most 192 distinct categories each) the bins hold exact
 * counts. When a sketch is in estimation mode its small counts are biased by up to {@link
 * CategoricalSketch#maximumError()} (about 0.6% of its rows after 10⁵ rows of a long-tailed column)
 * — enough to make a chi-square test on 10⁵ rows reject identical distributions every time. So then
 * a category keeps its own bin only if, on every side in estimation mode, its guaranteed lower
 * bound is at least {@value #RELIABLE_ERROR_MULTIPLE} × that side's maximum error; all other rows
 * (rare categories and whatever the sketch no longer attributes) are pooled into one "other" bin,
 * and kept categories use the sketch's estimates. Measured on long-tailed columns (300–1000
 * categories, 10³–10⁵ live rows against 10⁵ reference rows) the chi-square test then rejects
 * identical distributions in at most 4% of windows at α = 0.05, and still detects a 3-point rise of
 * a frequent category; a shift confined to rare categories is seen only through the "other" bin
 * (watch {@code DataQuality#unseenCategoryRate} for new categories).
 *
 * <ul>
 *   <li>{@code chi2PValue}: Commons Math {@code ChiSquareTest.chiSquareTestDataSetsComparison} —
 *       the chi-square test of homogeneity of the 2 × B contingency table (reference counts, live
 *       counts) with B − 1 degrees of freedom; 1 when fewer than 2 bins are non-empty. Like every
 *       chi-square test it is approximate when expected counts are below about 5.
 *   <li>{@code linf}: max over bins of |p_ref − p_live|, shares of each side's valid rows, in [0,
 *       1].
 *   <li>{@code psi}, {@code js}: as in {@link NumericDrift} on these bins (PSI smoothed with ε =
 *       10⁻⁴; JS distance base 2 in [0, 1]).
 * </ul>
 *
 * @param n valid live values compared
 * @param chi2PValue chi-square homogeneity p-value in [0, 1]
 * @param linf largest difference of a category's share, in [0, 1]
 * @param psi population stability index on category bins, ≥ 0
 * @param js Jensen–Shannon distance on category bins, base 2, in [0, 1]
 */
public record CategoricalDrift(long n, double chi2PValue, double linf, double psi, double js) {

  /**
   * In estimation mode a category keeps its own bin iff its lower bound is at least this multiple
   * of the sketch's maximum error (so its estimate is off by at most a third).
   */
  public static final int RELIABLE_ERROR_MULTIPLE = 2;

  /**
   * Compares a live window with its reference.
   *
   * @param reference a reference column with at least one valid value
   * @param live the window, at least one valid value
   */
  public static CategoricalDrift compare(CategoricalReference reference, CategoricalSketch live) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(live, "live");
    if (reference.valid() == 0) {
      throw new IllegalArgumentException(
          "reference column '" + reference.name() + "' has no valid values");
    }
    if (live.valid() == 0) {
      throw new IllegalArgumentException(
          "live window of column '" + reference.name() + "' has no valid values");
    }
    CategoricalSketch refSketch = reference.sketch();
    Map<String, Long> refCounts = refSketch.frequencies();
    Map<String, Long> liveCounts = live.frequencies();
    Map<String, Long> refLower = refSketch.isExact() ? refCounts : refSketch.lowerBounds();
    Map<String, Long> liveLower = live.isExact() ? liveCounts : live.lowerBounds();
    Set<String> categories = new LinkedHashSet<>(refCounts.keySet());
    categories.addAll(liveCounts.keySet());

    List<long[]> bins = new ArrayList<>(categories.size() + 1);
    long refKept = 0;
    long liveKept = 0;
    for (String category : categories) {
      if (reliable(refSketch, refLower, category) && reliable(live, liveLower, category)) {
        long refCount = refCounts.getOrDefault(category, 0L);
        long liveCount = liveCounts.getOrDefault(category, 0L);
        bins.add(new long[] {refCount, liveCount});
        refKept += refCount;
        liveKept += liveCount;
      }
    }
    long refOther = Math.max(0, reference.valid() - refKept);
    long liveOther = Math.max(0, live.valid() - liveKept);
    if (refOther > 0 || liveOther > 0) {
      bins.add(new long[] {refOther, liveOther});
    }

    long[] ref = new long[bins.size()];
    long[] cur = new long[bins.size()];
    for (int i = 0; i < bins.size(); i++) {
      ref[i] = bins.get(i)[0];
      cur[i] = bins.get(i)[1];
    }
    double[] refShares = BinnedDivergence.shares(ref);
    double[] liveShares = BinnedDivergence.shares(cur);
    double linf = 0;
    for (int i = 0; i < ref.length; i++) {
      linf = Math.max(linf, Math.abs(refShares[i] - liveShares[i]));
    }
    return new CategoricalDrift(
        live.valid(),
        chi2PValue(ref, cur),
        linf,
        BinnedDivergence.psi(refShares, liveShares),
        BinnedDivergence.jsDistance(refShares, liveShares));
  }

  private static boolean reliable(
      CategoricalSketch sketch, Map<String, Long> lowerBounds, String category) {
    return sketch.isExact()
        || lowerBounds.getOrDefault(category, 0L)
            >= RELIABLE_ERROR_MULTIPLE * sketch.maximumError();
  }

  /** Homogeneity p-value; bins must not be empty on both sides. */
  private static double chi2PValue(long[] reference, long[] live) {
    if (reference.length < 2) {
      return 1;
    }
    double p = new ChiSquareTest().chiSquareTestDataSetsComparison(reference, live);
    return Math.min(1, Math.max(0, p));
  }
}
