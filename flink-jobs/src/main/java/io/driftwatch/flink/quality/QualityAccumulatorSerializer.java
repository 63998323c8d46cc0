package io.driftwatch.flink.quality;

import io.driftwatch.flink.state.BinaryValueSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Writes a {@link QualityAccumulator} as its {@link QualityAccumulator#toByteArray()} form; the
 * snapshot has no configuration, value-level evolution is the format byte's job.
 */
public final class QualityAccumulatorSerializer extends BinaryValueSerializer<QualityAccumulator> {

  private static final long serialVersionUID = 1L;

  static final QualityAccumulatorSerializer INSTANCE = new QualityAccumulatorSerializer();

  @Override
  protected byte[] toBytes(QualityAccumulator value) {
    return value.toByteArray();
  }

  @Override
  protected QualityAccumulator fromBytes(byte[] bytes) {
    return QualityAccumulator.fromByteArray(bytes);
  }

  @Override
  public QualityAccumulator createInstance() {
    return QualityAccumulator.empty();
  }

  @Override
  public TypeSerializerSnapshot<QualityAccumulator> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Stored with every checkpoint; instantiated reflectively by Flink. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<QualityAccumulator> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
