package io.driftwatch.flink.serving;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information of {@link ServingAccumulator}: an opaque, non-key type. */
public final class ServingAccumulatorTypeInfo extends TypeInformation<ServingAccumulator> {

  private static final long serialVersionUID = 1L;

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
  public Class<ServingAccumulator> getTypeClass() {
    return ServingAccumulator.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<ServingAccumulator> createSerializer(SerializerConfig config) {
    return ServingAccumulatorSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "ServingAccumulator";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServingAccumulatorTypeInfo;
  }

  @Override
  public int hashCode() {
    return ServingAccumulatorTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof ServingAccumulatorTypeInfo;
  }
}
