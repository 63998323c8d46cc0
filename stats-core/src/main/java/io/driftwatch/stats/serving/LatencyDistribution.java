package io.driftwatch.stats.serving;

import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Streaming distribution of request latencies in milliseconds, backed by a DataSketches KLL doubles
 * sketch with {@value #K} as its accuracy parameter k.
 *
 * <p>Accuracy: with k = 200 a single quantile query is off by at most 1.33% in normalized rank
 * (with 99% confidence), so {@code quantile(0.5)} returns a value whose true rank lies in [0.4867,
 * 0.5133]. While fewer than about 200 latencies were added the sketch is exact. Memory stays below
 * about 4 KiB however many values are added.
 *
 * <p>Serialized with the sketch's own compact format ({@link #toByteArray()} / {@link
 * #fromByteArray(byte[])}), never Java serialization. Mutable and not thread-safe.
 */
public final class LatencyDistribution {

  /** KLL accuracy parameter; 200 is the DataSketches default. */
  public static final int K = 200;

  /** Normalized rank error of a single quantile query at {@link #K}, as a fraction (0.0133). */
  public static final double RANK_ERROR = KllDoublesSketch.getNormalizedRankError(K, false);

  private final KllDoublesSketch sketch;

  private LatencyDistribution(KllDoublesSketch sketch) {
    this.sketch = sketch;
  }

  /** A distribution with no latencies. */
  public static LatencyDistribution empty() {
    return new LatencyDistribution(KllDoublesSketch.newHeapInstance(K));
  }

  /**
   * Reads a distribution written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException if the bytes are not a KLL doubles sketch with k = {@value #K}
   */
  public static LatencyDistribution fromByteArray(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    KllDoublesSketch sketch;
    try {
      sketch = KllDoublesSketch.heapify(Memory.wrap(bytes));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a serialized latency sketch: " + e.getMessage(), e);
    }
    if (sketch.getK() != K) {
      throw new IllegalArgumentException(
          "latency sketch has k=" + sketch.getK() + ", expected " + K);
    }
    return new LatencyDistribution(sketch);
  }

  /**
   * Adds one latency.
   *
   * @param millis latency in milliseconds, finite and at least 0
   */
  public void add(double millis) {
    if (!Double.isFinite(millis) || millis < 0) {
      throw new IllegalArgumentException("latency must be a finite number >= 0 ms, was " + millis);
    }
    sketch.update(millis);
  }

  /** Adds every latency of {@code other} to this distribution; {@code other} is unchanged. */
  public void merge(LatencyDistribution other) {
    sketch.merge(other.sketch);
  }

  /** Number of latencies added, including merged ones. */
  public long count() {
    return sketch.getN();
  }

  public boolean isEmpty() {
    return sketch.isEmpty();
  }

  /**
   * The latency in milliseconds at normalized rank {@code q} (inclusive: the smallest added value
   * with at least {@code q} of all values at or below it), within {@link #RANK_ERROR} in rank.
   *
   * @param q rank in [0, 1]; 0 is the minimum, 1 the maximum
   * @throws IllegalStateException when the distribution is empty
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile rank must be in [0, 1], was " + q);
    }
    if (sketch.isEmpty()) {
      throw new IllegalStateException("no latencies recorded");
    }
    return sketch.getQuantile(q, QuantileSearchCriteria.INCLUSIVE);
  }

  /** The sketch in DataSketches' compact binary format, readable by {@link #fromByteArray}. */
  public byte[] toByteArray() {
    return sketch.toByteArray();
  }

  /** An independent copy with the same contents. */
  public LatencyDistribution copy() {
    return fromByteArray(toByteArray());
  }

  @Override
  public String toString() {
    return "LatencyDistribution[count=" + count() + "]";
  }
}
