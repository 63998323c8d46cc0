package io.driftwatch.flink.alerting;

import io.driftwatch.flink.state.BinaryValueSerializer;
import io.driftwatch.stats.alerting.AlertState;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Writes an {@link AlertState} as its {@link AlertState#toByteArray()} form (6 to 54 bytes, format
 * byte first). The snapshot has no configuration; value-level evolution is the format byte's job.
 */
public final class AlertStateSerializer extends BinaryValueSerializer<AlertState> {

  private static final long serialVersionUID = 1L;

  static final AlertStateSerializer INSTANCE = new AlertStateSerializer();

  @Override
  protected byte[] toBytes(AlertState value) {
    return value.toByteArray();
  }

  @Override
  protected AlertState fromBytes(byte[] bytes) {
    return AlertState.fromByteArray(bytes);
  }

  @Override
  public AlertState createInstance() {
    return AlertState.initial();
  }

  @Override
  public TypeSerializerSnapshot<AlertState> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Stored with every checkpoint; instantiated reflectively by Flink. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<AlertState> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
