package io.driftwatch.flink.serving;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Snapshot of {@link ServingAccumulatorSerializer}, stored with every checkpoint and savepoint.
 *
 * <p>The serializer has no configuration, so the snapshot body is empty; the snapshot version
 * ({@value #VERSION}) names the state layout, and reading any other version fails. Restoring state
 * written by this serializer is compatible as is; a snapshot of another serializer is incompatible,
 * since there is no older layout to migrate from yet. Value-level evolution is handled by the
 * format byte inside each value ({@code ServingStats.FORMAT}).
 */
public final class ServingAccumulatorSerializerSnapshot
    implements TypeSerializerSnapshot<ServingAccumulator> {

  static final int VERSION = 1;

  /** Instantiated reflectively by Flink when reading a checkpoint. */
  public ServingAccumulatorSerializerSnapshot() {}

  @Override
  public int getCurrentVersion() {
    return VERSION;
  }

  @Override
  public void writeSnapshot(DataOutputView out) {
    // No configuration to write.
  }

  @Override
  public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
      throws IOException {
    if (readVersion != VERSION) {
      throw new IOException(
          "unknown ServingAccumulatorSerializer snapshot version "
              + readVersion
              + ", this build reads "
              + VERSION);
    }
  }

  @Override
  public TypeSerializer<ServingAccumulator> restoreSerializer() {
    return ServingAccumulatorSerializer.INSTANCE;
  }

  @Override
  public TypeSerializerSchemaCompatibility<ServingAccumulator> resolveSchemaCompatibility(
      TypeSerializerSnapshot<ServingAccumulator> oldSnapshot) {
    if (oldSnapshot instanceof ServingAccumulatorSerializerSnapshot) {
      return TypeSerializerSchemaCompatibility.compatibleAsIs();
    }
    return TypeSerializerSchemaCompatibility.incompatible();
  }
}
