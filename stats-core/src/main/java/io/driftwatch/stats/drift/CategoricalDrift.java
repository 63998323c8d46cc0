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
 * <p>Counts are the sketches' guaranteed lower bounds ({@link CategoricalSketch#lowerBounds()}),
 * exact while a sketch tracks at most 192 categories. Beyond that the mass a sketch no longer
 * attributes to a category (at most 1.37% of its rows per category) goes to one extra "other" bin,
 * so both sides still sum to their row counts.
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
    Map<String, Long> refCounts = reference.sketch().lowerBounds();
    Map<String, Long> liveCounts = live.lowerBounds();
    Set<String> categories = new LinkedHashSet<>(refCounts.keySet());
    categories.addAll(liveCounts.keySet());

    List<long[]> bins = new ArrayList<>(categories.size() + 1);
    long refTracked = 0;
    long liveTracked = 0;
    for (String category : categories) {
      long refCount = refCounts.getOrDefault(category, 0L);
      long liveCount = liveCounts.getOrDefault(category, 0L);
      bins.add(new long[] {refCount, liveCount});
      refTracked += refCount;
      liveTracked += liveCount;
    }
    long refOther = reference.valid() - refTracked;
    long liveOther = live.valid() - liveTracked;
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

  /** Homogeneity p-value; bins must not be empty on both sides. */
  private static double chi2PValue(long[] reference, long[] live) {
    if (reference.length < 2) {
      return 1;
    }
    double p = new ChiSquareTest().chiSquareTestDataSetsComparison(reference, live);
    return Math.min(1, Math.max(0, p));
  }
}
