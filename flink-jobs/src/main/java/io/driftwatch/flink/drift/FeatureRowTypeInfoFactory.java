package io.driftwatch.flink.drift;

import io.driftwatch.flink.state.OpaqueTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Tells Flink's type extraction to send {@link FeatureRow}s with {@link FeatureRowSerializer}. */
public final class FeatureRowTypeInfoFactory extends TypeInfoFactory<FeatureRow> {

  @Override
  public TypeInformation<FeatureRow> createTypeInfo(
      Type type, Map<String, TypeInformation<?>> genericParameters) {
    return new FeatureRowTypeInfo();
  }

  /** Type information of a {@link FeatureRow}. */
  static final class FeatureRowTypeInfo extends OpaqueTypeInfo<FeatureRow> {

    private static final long serialVersionUID = 1L;

    FeatureRowTypeInfo() {
      super(FeatureRow.class);
    }

    @Override
    public TypeSerializer<FeatureRow> createSerializer(SerializerConfig config) {
      return FeatureRowSerializer.INSTANCE;
    }

    @Override
    public String toString() {
      return "FeatureRow";
    }
  }
}
