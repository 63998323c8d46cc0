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
 * <p>Immutable: the constructor copies the sketch and the edges, {@link #binEdges()} returns a
 * copy, and callers must not modify {@link #sketch()}. Equality is identity-based for the sketch;
 * compare encoded profiles to compare contents.
 *
 * @param name column name, not blank
 * @param sketch the reference values
 * @param min the sketch's exact minimum, NaN without valid values
 * @param max the sketch's exact maximum, NaN without valid values
 * @param binEdges strictly increasing finite interior bin edges
 */
public record NumericReference(
    String name, NumericSketch sketch, double min, double max, double[] binEdges)
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
    double[] quantiles = sketch.sketch().getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE);
    // Quantiles are non-decreasing; keep each value once (by <, so -0.0 and 0.0 are one edge).
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
        + "]";
  }
}
