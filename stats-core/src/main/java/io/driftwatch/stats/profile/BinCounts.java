package io.driftwatch.stats.profile;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Exact counts of a numeric column's valid values per fixed bin, the bins PSI and JS are defined
 * on. With interior edges e₀ &lt; e₁ &lt; … &lt; e_last there are {@code edges.length + 1} bins:
 * bin 0 holds (−∞, e₀], bin i holds (e_{i−1}, e_i], the last (e_last, +∞) — the same convention as
 * {@link NumericReference#binEdges()} and DataSketches' inclusive CDF. Only finite values are
 * counted (NaN and ±∞ are the sketch's invalid rows).
 *
 * <p>Memory: 8 bytes per bin plus 8 per edge (at most 11 bins at the default deciles). Byte format
 * of {@link #toByteArray()}: a format byte ({@value #FORMAT}), the edge count as a 4-byte int, the
 * edges as doubles, then one 8-byte count per bin, all big-endian. Mutable and not thread-safe.
 */
public final class BinCounts {

  /** First byte of {@link #toByteArray()}. */
  public static final byte FORMAT = 1;

  private final double[] edges;
  private final long[] counts;

  private BinCounts(double[] edges, long[] counts) {
    this.edges = edges;
    this.counts = counts;
  }

  /** Empty counts on the given strictly increasing finite interior edges (copied). */
  public static BinCounts on(double[] edges) {
    Objects.requireNonNull(edges, "edges");
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
        throw new IllegalArgumentException(
            "bin edges must be finite and strictly increasing: " + Arrays.toString(edges));
      }
    }
    return new BinCounts(edges.clone(), new long[edges.length + 1]);
  }

  /**
   * The bin of {@code value}: the number of edges strictly below it, so a value equal to an edge
   * belongs to the bin that edge closes.
   */
  public static int binOf(double[] edges, double value) {
    int low = 0;
    int high = edges.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (edges[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** Counts one value; NaN and ±∞ are ignored. −0.0 counts as 0.0. */
  public void add(double value) {
    if (Double.isFinite(value)) {
      counts[binOf(edges, value + 0.0)]++;
    }
  }

  /**
   * Adds {@code other}'s counts.
   *
   * @throws IllegalArgumentException if its edges differ
   */
  public void merge(BinCounts other) {
    if (!Arrays.equals(edges, other.edges)) {
      throw new IllegalArgumentException("cannot merge bin counts on different edges");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] = Math.addExact(counts[i], other.counts[i]);
    }
  }

  /** Whether these are counts on exactly {@code edges}. */
  public boolean hasEdges(double[] edges) {
    return Arrays.equals(this.edges, edges);
  }

  /** A copy of the interior edges. */
  public double[] edges() {
    return edges.clone();
  }

  /** A copy of the counts, one per bin. */
  public long[] counts() {
    return counts.clone();
  }

  /** Values counted. */
  public long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  /** The format described in the class comment. */
  public byte[] toByteArray() {
    ByteBuffer buffer =
        ByteBuffer.allocate(1 + Integer.BYTES + Double.BYTES * edges.length + 8 * counts.length);
    buffer.put(FORMAT).putInt(edges.length);
    for (double edge : edges) {
      buffer.putDouble(edge);
    }
    for (long count : counts) {
      buffer.putLong(count);
    }
    return buffer.array();
  }

  /**
   * Reads counts written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException on another format, a wrong length or negative counts
   */
  public static BinCounts fromByteArray(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length < 5 || buffer.get() != FORMAT) {
      throw new IllegalArgumentException("not bin counts of format " + FORMAT);
    }
    int edges = buffer.getInt();
    if (edges < 0 || edges > NumericReference.MAX_BINS || buffer.remaining() != 16 * edges + 8) {
      throw new IllegalArgumentException("corrupt bin counts: " + edges + " edges");
    }
    double[] edgeValues = new double[edges];
    for (int i = 0; i < edges; i++) {
      edgeValues[i] = buffer.getDouble();
    }
    BinCounts counts = on(edgeValues);
    for (int i = 0; i <= edges; i++) {
      long count = buffer.getLong();
      if (count < 0) {
        throw new IllegalArgumentException("negative bin count " + count);
      }
      counts.counts[i] = count;
    }
    return counts;
  }

  @Override
  public String toString() {
    return "BinCounts[edges="
        + Arrays.toString(edges)
        + ", counts="
        + Arrays.toString(counts)
        + "]";
  }
}
