package io.driftwatch.stats.evaluation;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Regression quality of one model over one window: RMSE, MAE, mean error (bias) and the sample
 * variance of the absolute errors, which {@link VariantComparison#mae} needs.
 *
 * <p>Kept as five numbers (count, mean and sum of squared deviations of |error| by Welford's
 * method, sum of squared errors, sum of errors), so memory is constant and {@link #merge} is exact
 * up to floating-point rounding (Chan et al.'s pairwise update). Errors are {@code predicted −
 * actual} in the unit of the target. Mutable and not thread-safe.
 */
public final class RegressionMetrics {

  /** Version of the binary form written by {@link #toByteArray()}. */
  public static final byte FORMAT = 1;

  private static final int BYTES = 1 + Long.BYTES + 4 * Double.BYTES;

  private long count;
  private double meanAbsoluteError;
  private double absoluteErrorDeviations;
  private double sumSquaredError;
  private double sumError;

  private RegressionMetrics() {}

  /** Metrics of no predictions. */
  public static RegressionMetrics empty() {
    return new RegressionMetrics();
  }

  /**
   * Records one labeled prediction.
   *
   * @param predicted the model's prediction, finite
   * @param actual the true value, finite
   */
  public void add(double predicted, double actual) {
    if (!Double.isFinite(predicted)) {
      throw new IllegalArgumentException("predicted must be finite, was " + predicted);
    }
    if (!Double.isFinite(actual)) {
      throw new IllegalArgumentException("actual must be finite, was " + actual);
    }
    double error = predicted - actual;
    double absolute = Math.abs(error);
    count++;
    double deviation = absolute - meanAbsoluteError;
    meanAbsoluteError += deviation / count;
    absoluteErrorDeviations += deviation * (absolute - meanAbsoluteError);
    sumSquaredError += error * error;
    sumError += error;
  }

  /** Adds every prediction of {@code other} to this; {@code other} is unchanged. */
  public void merge(RegressionMetrics other) {
    if (other.count == 0) {
      return;
    }
    long total = count + other.count;
    double difference = other.meanAbsoluteError - meanAbsoluteError;
    meanAbsoluteError += difference * other.count / total;
    absoluteErrorDeviations +=
        other.absoluteErrorDeviations + difference * difference * count * other.count / total;
    sumSquaredError += other.sumSquaredError;
    sumError += other.sumError;
    count = total;
  }

  /** Labeled predictions recorded, including merged ones. */
  public long count() {
    return count;
  }

  /** Root mean squared error, in the unit of the target; NaN when empty. */
  public double rmse() {
    return count == 0 ? Double.NaN : Math.sqrt(sumSquaredError / count);
  }

  /** Mean absolute error, in the unit of the target; NaN when empty. */
  public double mae() {
    return count == 0 ? Double.NaN : meanAbsoluteError;
  }

  /** Mean of predicted − actual (positive = over-predicts); NaN when empty. */
  public double meanError() {
    return count == 0 ? Double.NaN : sumError / count;
  }

  /** Sample variance (n − 1 denominator) of the absolute errors; NaN with fewer than 2. */
  public double absoluteErrorVariance() {
    return count < 2 ? Double.NaN : absoluteErrorDeviations / (count - 1);
  }

  /**
   * Binary form, big-endian, {@value #BYTES} bytes: the format byte ({@value #FORMAT}), the count
   * as a long, then the mean absolute error, the sum of squared deviations of the absolute errors,
   * the sum of squared errors and the sum of errors as doubles.
   */
  public byte[] toByteArray() {
    return ByteBuffer.allocate(BYTES)
        .put(FORMAT)
        .putLong(count)
        .putDouble(meanAbsoluteError)
        .putDouble(absoluteErrorDeviations)
        .putDouble(sumSquaredError)
        .putDouble(sumError)
        .array();
  }

  /**
   * Reads metrics written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException for an unknown format byte or truncated or corrupt bytes
   */
  public static RegressionMetrics fromByteArray(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes must not be null");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      byte format = buffer.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "unknown regression metrics format " + format + ", expected " + FORMAT);
      }
      RegressionMetrics metrics = new RegressionMetrics();
      metrics.count = buffer.getLong();
      metrics.meanAbsoluteError = buffer.getDouble();
      metrics.absoluteErrorDeviations = buffer.getDouble();
      metrics.sumSquaredError = buffer.getDouble();
      metrics.sumError = buffer.getDouble();
      if (metrics.count < 0
          || !(metrics.meanAbsoluteError >= 0)
          || !(metrics.absoluteErrorDeviations >= 0)
          || !(metrics.sumSquaredError >= 0)
          || !Double.isFinite(metrics.sumError)
          || buffer.hasRemaining()) {
        throw new IllegalArgumentException(
            "corrupt regression metrics: count=" + metrics.count + ", " + bytes.length + " bytes");
      }
      return metrics;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "truncated regression metrics: " + bytes.length + " bytes", e);
    }
  }

  /** An independent copy with the same contents. */
  public RegressionMetrics copy() {
    return fromByteArray(toByteArray());
  }

  @Override
  public String toString() {
    return "RegressionMetrics[count=" + count + ", rmse=" + rmse() + ", mae=" + mae() + "]";
  }
}
