package io.driftwatch.flink.quality;

import io.driftwatch.flink.state.BinaryValueTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink's type extraction to serialize {@link QualityAccumulator} with its own bytes. */
public final class QualityAccumulatorTypeInfoFactory extends TypeInfoFactory<QualityAccumulator> {

  @Override
  public TypeInformation<QualityAccumulator> createTypeInfo(
      Type type, Map<String, TypeInformation<?>> genericParameters) {
    return new BinaryValueTypeInfo<>(
        QualityAccumulator.class, QualityAccumulatorSerializer.INSTANCE);
  }
}
