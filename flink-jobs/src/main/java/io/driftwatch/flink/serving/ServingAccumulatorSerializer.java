package io.driftwatch.flink.serving;

import io.driftwatch.flink.state.BinaryValueSerializer;
import io.driftwatch.stats.serving.ServingStats;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Writes a {@link ServingAccumulator} as a 4-byte length followed by {@link
 * ServingStats#toByteArray()} (which starts with its own format byte and holds the KLL sketch in
 * DataSketches' format); never Java serialization or Kryo. A KLL sketch at k=200 stays below 4 KiB.
 * Stateless, so one shared instance is thread-safe.
 */
public final class ServingAccumulatorSerializer extends BinaryValueSerializer<ServingAccumulator> {

  private static final long serialVersionUID = 1L;

  static final ServingAccumulatorSerializer INSTANCE = new ServingAccumulatorSerializer();

  @Override
  protected byte[] toBytes(ServingAccumulator value) {
    return value.stats().toByteArray();
  }

  @Override
  protected ServingAccumulator fromBytes(byte[] bytes) {
    return new ServingAccumulator(ServingStats.fromByteArray(bytes));
  }

  @Override
  public ServingAccumulator createInstance() {
    return ServingAccumulator.empty();
  }

  @Override
  public TypeSerializerSnapshot<ServingAccumulator> snapshotConfiguration() {
    return new ServingAccumulatorSerializerSnapshot();
  }
}
