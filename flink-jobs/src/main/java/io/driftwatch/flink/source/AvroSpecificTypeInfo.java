package io.driftwatch.flink.source;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
public final class AvroSpecificTypeInfo<T extends SpecificRecordBase> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  public AvroSpecificTypeInfo(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new AvroSerializer<>(type);
  }

  @Override
  public String toString() {
    return "AvroSpecific<" + type.getName() + ">";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AvroSpecificTypeInfo<?> info && info.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof AvroSpecificTypeInfo;
  }
}
