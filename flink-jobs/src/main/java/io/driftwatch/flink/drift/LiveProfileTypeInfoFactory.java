package io.driftwatch.flink.drift;

import io.driftwatch.flink.state.BinaryValueTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Tells Flink's type extraction to serialize {@link LiveProfile} with its own bytes, never Kryo.
 */
public final class LiveProfileTypeInfoFactory extends TypeInfoFactory<LiveProfile> {

  @Override
  public TypeInformation<LiveProfile> createTypeInfo(
      Type type, Map<String, TypeInformation<?>> genericParameters) {
    return new BinaryValueTypeInfo<>(LiveProfile.class, LiveProfileSerializer.INSTANCE);
  }
}
