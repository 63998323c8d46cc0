package io.driftwatch.flink.serving;

import io.driftwatch.stats.serving.ServingStats;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link ServingAccumulator} as a 4-byte length followed by {@link
 * ServingStats#toByteArray()} (which starts with its own format byte and holds the KLL sketch in
 * DataSketches' format); never Java serialization or Kryo. Stateless, so one shared instance is
 * thread-safe.
 */
public final class ServingAccumulatorSerializer extends TypeSerializer<ServingAccumulator> {

  private static final long serialVersionUID = 1L;

  static final ServingAccumulatorSerializer INSTANCE = new ServingAccumulatorSerializer();

  /** Largest accepted serialized size, 16 MiB; a KLL sketch at k=200 stays below 4 KiB. */
  private static final int MAX_BYTES = 16 << 20;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<ServingAccumulator> duplicate() {
    return this;
  }

  @Override
  public ServingAccumulator createInstance() {
    return ServingAccumulator.empty();
  }

  @Override
  public ServingAccumulator copy(ServingAccumulator from) {
    return new ServingAccumulator(from.stats().copy());
  }

  @Override
  public ServingAccumulator copy(ServingAccumulator from, ServingAccumulator reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(ServingAccumulator record, DataOutputView target) throws IOException {
    byte[] bytes = record.stats().toByteArray();
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public ServingAccumulator deserialize(DataInputView source) throws IOException {
    byte[] bytes = new byte[readLength(source)];
    source.readFully(bytes);
    try {
      return new ServingAccumulator(ServingStats.fromByteArray(bytes));
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt serving accumulator: " + e.getMessage(), e);
    }
  }

  @Override
  public ServingAccumulator deserialize(ServingAccumulator reuse, DataInputView source)
      throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    byte[] bytes = new byte[readLength(source)];
    source.readFully(bytes);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  private static int readLength(DataInputView source) throws IOException {
    int length = source.readInt();
    if (length < 0 || length > MAX_BYTES) {
      throw new IOException("corrupt serving accumulator length " + length);
    }
    return length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServingAccumulatorSerializer;
  }

  @Override
  public int hashCode() {
    return ServingAccumulatorSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<ServingAccumulator> snapshotConfiguration() {
    return new ServingAccumulatorSerializerSnapshot();
  }
}
