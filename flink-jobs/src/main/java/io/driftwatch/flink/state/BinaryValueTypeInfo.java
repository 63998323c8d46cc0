package io.driftwatch.flink.state;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information of an opaque, non-key state value serialized by a {@link BinaryValueSerializer}.
 *
 * @param <T> the state value type
 */
public final class BinaryValueTypeInfo<T> extends OpaqueTypeInfo<T> {

  private static final long serialVersionUID = 1L;

  private final BinaryValueSerializer<T> serializer;

  public BinaryValueTypeInfo(Class<T> type, BinaryValueSerializer<T> serializer) {
    super(type);
    this.serializer = Objects.requireNonNull(serializer, "serializer");
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer;
  }

  @Override
  public String toString() {
    return getTypeClass().getSimpleName();
  }
}
