package io.driftwatch.stats.profile;

import java.util.Arrays;
import java.util.Objects;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * A numeric column of a reference profile: the reference sketch, its exact min and max, and the
 * fixed bins PSI and JS are computed on.
 *
 * <p>{@code binEdges} are strictly increasing, finite interior edges: the distinct reference
 * quantiles at ranks i / bins for i = 1 … bins − 1 (inclusive search: the smallest value with at
 * least that share of the reference at or below it), so a column that is mostly 0 gets fewer than
 * bins − 1 edges. Bin 0 holds (−∞, edge[0]], bin i holds (edge[i−1], edge[i]], the last bin
 * (edge[last], +∞): {@code edges.length + 1} bins. A reference without valid values has no edges.
 *
 * <p>{@code binCounts} are the exact counts of the reference's valid values per bin ({@link
 * #exact}, which also places the edges at the exact quantiles of the values), so PSI and JS see the
 * reference's true bin shares; empty when only the sketch is known ({@link #of}, and profiles
 * written before the counts existed), in which case the shares are estimated from the sketch.
 *
 * <p>Immutable: the constructor copies the sketch, the edges and the counts, {@link #binEdges()}
 * and {@link #binCounts()} return copies, and callers must not modify {@link #sketch()}. Equality
 * is identity-based for the sketch; compare encoded profiles to compare contents.
 *
 * @param name column name, not blank
 * @param sketch the reference values
 * @param min the sketch's exact minimum, NaN without valid values
 * @param max the sketch's exact maximum, NaN without valid values
 * @param binEdges strictly increasing finite interior bin edges
 * @param binCounts exact valid values per bin, {@code binEdges.length + 1} of them summing to the
 *     sketch's valid count; or empty when unknown
 */
public record NumericReference(
    String name, NumericSketch sketch, double min, double max, double[] binEdges, long[] binCounts)
    implements ColumnReference {

  /** Bins of {@link #of(String, NumericSketch)}: deciles, the usual choice for PSI. */
  public static final int DEFAULT_BINS = 10;

  /** Largest accepted bin count. */
  public static final int MAX_BINS = 1000;

  public NumericReference {
    requireName(name);
    Objects.requireNonNull(sketch, "sketch");
    Objects.requireNonNull(binEdges, "binEdges");
    sketch = sketch.copy();
    if (Double.compare(min, sketch.min()) != 0 || Double.compare(max, sketch.max()) != 0) {
      throw new IllegalArgumentException(
          "column '"
              + name
              + "': min/max "
              + min
              + "/"
              + max
              + " differ from the sketch's "
              + sketch.min()
              + "/"
              + sketch.max());
    }
    binEdges = binEdges.clone();
    for (int i = 0; i < binEdges.length; i++) {
      if (!Double.isFinite(binEdges[i])) {
        throw new IllegalArgumentException(
            "column '" + name + "': bin edge " + i + " is not finite: " + binEdges[i]);
      }
      if (i > 0 && !(binEdges[i] > binEdges[i - 1])) {
        throw new IllegalArgumentException(
            "column '"
                + name
                + "': bin edges must be strictly increasing, edge "
                + i
                + " = "
                + binEdges[i]
                + " after "
                + binEdges[i - 1]);
      }
    }
    binCounts = Objects.requireNonNull(binCounts, "binCounts").clone();
    if (binCounts.length > 0) {
      if (binCounts.length != binEdges.length + 1) {
        throw new IllegalArgumentException(
            "column '"
                + name
                + "': "
                + binCounts.length
                + " bin counts for "
                + (binEdges.length + 1)
                + " bins");
      }
      long total = 0;
      for (long count : binCounts) {
        if (count < 0) {
          throw new IllegalArgumentException("column '" + name + "': negative bin count " + count);
        }
        total += count;
      }
      if (total != sketch.valid()) {
        throw new IllegalArgumentException(
            "column '"
                + name
                + "': bin counts sum to "
                + total
                + ", the sketch has "
                + sketch.valid()
                + " valid values");
      }
    }
  }

  /** A column whose bin shares are estimated from the sketch (no exact counts). */
  public NumericReference(
      String name, NumericSketch sketch, double min, double max, double[] binEdges) {
    this(name, sketch, min, max, binEdges, new long[0]);
  }

  /**
   * The column with {@value #DEFAULT_BINS} bins placed and counted exactly on its valid values:
   * edges at the exact quantiles i / bins (inclusive: the value at sorted position ⌈i/bins · n⌉ −
   * 1; duplicates removed), counts per bin exact. Takes O(n log n) time and 8n bytes for a copy of
   * the values.
   *
   * @param sketch the column's sketch, holding the same valid values (plus missing/invalid counts)
   * @param validValues the column's finite values, as many as {@code sketch.valid()}
   * @throws IllegalArgumentException when a value is not finite or the counts disagree
   */
  public static NumericReference exact(String name, NumericSketch sketch, double[] validValues) {
    Objects.requireNonNull(sketch, "sketch");
    double[] sorted = new double[validValues.length];
    for (int i = 0; i < sorted.length; i++) {
      if (!Double.isFinite(validValues[i])) {
        throw new IllegalArgumentException(
            "column '" + name + "': value " + validValues[i] + " is not finite");
      }
      sorted[i] = validValues[i] + 0.0;
    }
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new NumericReference(name, sketch, sketch.min(), sketch.max(), new double[0]);
    }
    double[] quantiles = new double[DEFAULT_BINS - 1];
    for (int i = 1; i < DEFAULT_BINS; i++) {
      quantiles[i - 1] = sorted[(int) Math.ceil((double) i / DEFAULT_BINS * sorted.length) - 1];
    }
    double[] edges = distinct(quantiles);
    BinCounts bins = BinCounts.on(edges);
    for (double value : sorted) {
      bins.add(value);
    }
    return new NumericReference(name, sketch, sketch.min(), sketch.max(), edges, bins.counts());
  }

  /** The column with {@value #DEFAULT_BINS} bins. */
  public static NumericReference of(String name, NumericSketch sketch) {
    return of(name, sketch, DEFAULT_BINS);
  }

  /**
   * The column with edges at the sketch's quantiles i / {@code bins} (duplicates removed).
   *
   * @param bins number of equal-frequency bins before duplicates are removed, 2 to {@value
   *     #MAX_BINS}
   */
  public static NumericReference of(String name, NumericSketch sketch, int bins) {
    Objects.requireNonNull(sketch, "sketch");
    if (bins < 2 || bins > MAX_BINS) {
      throw new IllegalArgumentException("bins must be in [2, " + MAX_BINS + "], was " + bins);
    }
    return new NumericReference(name, sketch, sketch.min(), sketch.max(), edges(sketch, bins));
  }

  private static double[] edges(NumericSketch sketch, int bins) {
    if (sketch.valid() == 0) {
      return new double[0];
    }
    double[] ranks = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      ranks[i - 1] = (double) i / bins;
    }
    return distinct(sketch.sketch().getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE));
  }

  /**
   * The non-decreasing {@code quantiles} with each value kept once (by {@code >}, so -0.0 and 0.0
   * are one edge): strictly increasing edges.
   */
  private static double[] distinct(double[] quantiles) {
    double[] edges = new double[quantiles.length];
    int count = 0;
    for (double quantile : quantiles) {
      if (count == 0 || quantile > edges[count - 1]) {
        edges[count++] = quantile;
      }
    }
    return Arrays.copyOf(edges, count);
  }

  static void requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("column name must not be blank");
    }
  }

  @Override
  public ColumnKind kind() {
    return ColumnKind.NUMERIC;
  }

  @Override
  public long count() {
    return sketch.count();
  }

  @Override
  public long missing() {
    return sketch.missing();
  }

  @Override
  public long valid() {
    return sketch.valid();
  }

  /** Reference rows with NaN or infinite values. */
  public long invalid() {
    return sketch.invalid();
  }

  /** A copy of the interior bin edges. */
  @Override
  public double[] binEdges() {
    return binEdges.clone();
  }

  /** A copy of the exact reference counts per bin; empty when unknown. */
  @Override
  public long[] binCounts() {
    return binCounts.clone();
  }

  /** Whether {@link #binCounts()} are known. */
  public boolean hasBinCounts() {
    return binCounts.length > 0;
  }

  /** Number of bins: edges + 1. */
  public int bins() {
    return binEdges.length + 1;
  }

  @Override
  public String toString() {
    return "NumericReference[name="
        + name
        + ", "
        + sketch
        + ", binEdges="
        + Arrays.toString(binEdges)
        + ", binCounts="
        + Arrays.toString(binCounts)
        + "]";
  }
}
