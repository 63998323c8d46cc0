package io.driftwatch.flink.drift;

import io.driftwatch.flink.state.BinaryValueSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Writes a {@link LiveProfile} as its {@link LiveProfile#toByteArray()} form (format byte, then the
 * sketches in DataSketches' formats). The snapshot has no configuration; value-level evolution is
 * the format byte's job.
 */
public final class LiveProfileSerializer extends BinaryValueSerializer<LiveProfile> {

  private static final long serialVersionUID = 1L;

  static final LiveProfileSerializer INSTANCE = new LiveProfileSerializer();

  @Override
  protected byte[] toBytes(LiveProfile value) {
    return value.toByteArray();
  }

  @Override
  protected LiveProfile fromBytes(byte[] bytes) {
    return LiveProfile.fromByteArray(bytes);
  }

  @Override
  public LiveProfile createInstance() {
    return LiveProfile.empty();
  }

  @Override
  public TypeSerializerSnapshot<LiveProfile> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Stored with every checkpoint; instantiated reflectively by Flink. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<LiveProfile> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
