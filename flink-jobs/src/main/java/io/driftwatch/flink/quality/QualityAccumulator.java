package io.driftwatch.flink.quality;

import io.driftwatch.stats.evaluation.ClassificationMetrics;
import io.driftwatch.stats.evaluation.RegressionMetrics;
import io.driftwatch.stats.serving.LatencyDistribution;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The quality of one (model, version, variant) over one window: classification metrics (confusion
 * matrix, AUC sketches), regression metrics and the label delays in ms (a KLL sketch, rank error
 * {@link LatencyDistribution#RANK_ERROR}). A few KiB at most. Mutable and not thread-safe; Flink
 * serializes it with its own bytes ({@link QualityAccumulatorSerializer}).
 */
@TypeInfo(QualityAccumulatorTypeInfoFactory.class)
public final class QualityAccumulator {

  /** Version of the binary form written by {@link #toByteArray()}. */
  public static final byte FORMAT = 1;

  private final ClassificationMetrics classification;
  private final RegressionMetrics regression;
  private final LatencyDistribution labelDelays;

  private QualityAccumulator(
      ClassificationMetrics classification,
      RegressionMetrics regression,
      LatencyDistribution labelDelays) {
    this.classification = classification;
    this.regression = regression;
    this.labelDelays = labelDelays;
  }

  public static QualityAccumulator empty() {
    return new QualityAccumulator(
        ClassificationMetrics.empty(), RegressionMetrics.empty(), LatencyDistribution.empty());
  }

  /**
   * Records one labeled prediction; one that is neither classification nor regression is ignored.
   */
  public void add(LabeledPrediction p) {
    if (p.isClassification()) {
      classification.add(p.predictedClass(), p.actualClass());
      if (p.positiveScore() != null && Double.isFinite(p.positiveScore())) {
        classification.addScore(p.positiveScore(), p.positiveClass().equals(p.actualClass()));
      }
    } else if (p.isRegression()) {
      regression.add(p.predictedValue(), p.actualValue());
    } else {
      return;
    }
    labelDelays.add(p.labelDelayMillis());
  }

  public void merge(QualityAccumulator other) {
    classification.merge(other.classification);
    regression.merge(other.regression);
    labelDelays.merge(other.labelDelays);
  }

  public ClassificationMetrics classification() {
    return classification;
  }

  public RegressionMetrics regression() {
    return regression;
  }

  /** Label time − prediction time of every recorded prediction, ms. */
  public LatencyDistribution labelDelays() {
    return labelDelays;
  }

  /** Labeled predictions recorded, classification and regression. */
  public long labeled() {
    return classification.count() + regression.count();
  }

  /**
   * Binary form, big-endian: the format byte ({@value #FORMAT}), then the classification metrics,
   * the regression metrics and the label-delay sketch, each as an int byte length and its own
   * bytes.
   */
  public byte[] toByteArray() {
    byte[] c = classification.toByteArray();
    byte[] r = regression.toByteArray();
    byte[] d = labelDelays.toByteArray();
    return ByteBuffer.allocate(1 + 12 + c.length + r.length + d.length)
        .put(FORMAT)
        .putInt(c.length)
        .put(c)
        .putInt(r.length)
        .put(r)
        .putInt(d.length)
        .put(d)
        .array();
  }

  /**
   * Reads bytes written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException for an unknown format byte or truncated or corrupt bytes
   */
  public static QualityAccumulator fromByteArray(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte format = in.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown quality accumulator format " + format);
      }
      ClassificationMetrics c = ClassificationMetrics.fromByteArray(part(in));
      RegressionMetrics r = RegressionMetrics.fromByteArray(part(in));
      LatencyDistribution d = LatencyDistribution.fromByteArray(part(in));
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes");
      }
      return new QualityAccumulator(c, r, d);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("truncated quality accumulator", e);
    }
  }

  private static byte[] part(ByteBuffer in) {
    byte[] part = new byte[in.getInt()];
    in.get(part);
    return part;
  }
}
