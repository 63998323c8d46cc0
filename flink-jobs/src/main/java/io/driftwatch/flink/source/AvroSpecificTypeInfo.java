package io.driftwatch.flink.source;

import io.driftwatch.flink.state.OpaqueTypeInfo;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

/**
 * Type information for a generated Avro record class, serialized by Flink's {@link AvroSerializer}
 * (Avro binary, schema-evolution aware snapshots), never Kryo.
 *
 * <p>Why not {@link org.apache.flink.formats.avro.typeutils.AvroTypeInfo}: it requires the class to
 * be a Flink POJO, and the classes in {@code io.driftwatch.schemas} are generated without setters,
 * so its constructor throws "Expecting type to be a PojoTypeInfo". This type information needs no
 * POJO analysis; its serializer (and so any state or savepoint) is the same one AvroTypeInfo would
 * create. Streams typed with it cannot be keyed by field name; key with a {@code KeySelector}.
 *
 * @param <T> the generated record class
 */
public final class AvroSpecificTypeInfo<T extends SpecificRecordBase> extends OpaqueTypeInfo<T> {

  private static final long serialVersionUID = 1L;

  public AvroSpecificTypeInfo(Class<T> type) {
    super(type);
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new AvroSerializer<>(getTypeClass());
  }

  @Override
  public String toString() {
    return "AvroSpecific<" + getTypeClass().getName() + ">";
  }
}
