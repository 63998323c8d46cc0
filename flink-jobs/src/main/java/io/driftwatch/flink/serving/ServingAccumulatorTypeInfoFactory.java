package io.driftwatch.flink.serving;

import io.driftwatch.flink.state.BinaryValueTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink's type extraction to use {@link ServingAccumulatorTypeInfo}, never Kryo. */
public final class ServingAccumulatorTypeInfoFactory extends TypeInfoFactory<ServingAccumulator> {

  @Override
  public TypeInformation<ServingAccumulator> createTypeInfo(
      Type type, Map<String, TypeInformation<?>> genericParameters) {
    return new BinaryValueTypeInfo<>(
        ServingAccumulator.class, ServingAccumulatorSerializer.INSTANCE);
  }
}
