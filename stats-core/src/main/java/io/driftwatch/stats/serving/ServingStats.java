package io.driftwatch.stats.serving;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * Running serving statistics of one model variant within one window: how many requests, how many
 * failed, and their latency distribution (see {@link LatencyDistribution} for its accuracy).
 *
 * <p>Binary form ({@link #toByteArray()}): a format byte ({@value #FORMAT}), requests and errors as
 * big-endian longs, then the latency sketch's own bytes. Mutable and not thread-safe.
 */
public final class ServingStats {

  /** Version of the binary form written by {@link #toByteArray()}. */
  public static final byte FORMAT = 1;

  private static final int HEADER_BYTES = 1 + Long.BYTES + Long.BYTES;

  private long requests;
  private long errors;
  private final LatencyDistribution latency;

  private ServingStats(long requests, long errors, LatencyDistribution latency) {
    this.requests = requests;
    this.errors = errors;
    this.latency = latency;
  }

  /** Statistics of no requests. */
  public static ServingStats empty() {
    return new ServingStats(0, 0, LatencyDistribution.empty());
  }

  /**
   * Reads statistics written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException for an unknown format byte or truncated or corrupt bytes
   */
  public static ServingStats fromByteArray(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      byte format = buffer.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "unknown serving stats format " + format + ", expected " + FORMAT);
      }
      long requests = buffer.getLong();
      long errors = buffer.getLong();
      if (requests < 0 || errors < 0 || errors > requests) {
        throw new IllegalArgumentException(
            "corrupt serving stats: requests=" + requests + " errors=" + errors);
      }
      byte[] sketch = Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
      return new ServingStats(requests, errors, LatencyDistribution.fromByteArray(sketch));
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated serving stats: " + bytes.length + " bytes", e);
    }
  }

  /**
   * Records one request.
   *
   * @param latencyMillis server-side latency in milliseconds, finite and at least 0
   * @param failed whether the request ended in an error answer
   */
  public void record(double latencyMillis, boolean failed) {
    latency.add(latencyMillis);
    requests++;
    if (failed) {
      errors++;
    }
  }

  /** Adds every request of {@code other} to this; {@code other} is unchanged. */
  public void merge(ServingStats other) {
    requests += other.requests;
    errors += other.errors;
    latency.merge(other.latency);
  }

  public long requests() {
    return requests;
  }

  public long errors() {
    return errors;
  }

  /** The live latency distribution (not a copy). */
  public LatencyDistribution latency() {
    return latency;
  }

  /**
   * Summarizes the statistics of a window.
   *
   * @param window the window's length, used for throughput; positive
   * @throws IllegalStateException when no request was recorded
   */
  public ServingSummary summarize(Duration window) {
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (requests == 0) {
      throw new IllegalStateException("no requests recorded");
    }
    double seconds = window.toNanos() / 1e9;
    return new ServingSummary(
        requests,
        errors,
        (double) errors / requests,
        latency.quantile(0.50),
        latency.quantile(0.95),
        latency.quantile(0.99),
        requests / seconds);
  }

  /** The statistics in the binary form described in the class javadoc. */
  public byte[] toByteArray() {
    byte[] sketch = latency.toByteArray();
    return ByteBuffer.allocate(HEADER_BYTES + sketch.length)
        .put(FORMAT)
        .putLong(requests)
        .putLong(errors)
        .put(sketch)
        .array();
  }

  /** An independent copy with the same contents. */
  public ServingStats copy() {
    return new ServingStats(requests, errors, latency.copy());
  }

  @Override
  public String toString() {
    return "ServingStats[requests=" + requests + ", errors=" + errors + "]";
  }
}
