package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which values each served input type takes, and the ONNX Runtime tensors built from them. */
class TensorElementsTest {

  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
  private static final long[] ONE_BY_THREE = {1, 3};

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource({
    "INT32, 1.5, false",
    "INT32, 3e10, false",
    "INT32, -2147483648, true",
    "INT32, 2147483648, false",
    "INT8, -128, true",
    "INT8, 128, false",
    "INT16, 32767, true",
    "INT16, -32769, false",
    "UINT8, 255, true",
    "UINT8, -1, false",
    "INT64, 9007199254740991, true",
    "INT64, 9007199254740992, false",
    "INT64, -1e18, false",
    "BOOL, 1, true",
    "BOOL, 0, true",
    "BOOL, 2, false",
    "BOOL, 0.5, false",
    "FP32, 0.1, true",
    "FP32, 1e39, false",
    "FP16, 65504, true",
    "FP16, 70000, false",
    "BF16, 1e38, true",
    "FP64, 1e300, true"
  })
  void representsExactlyTheValuesTheTypeHolds(String type, double value, boolean represented) {
    assertThat(TensorElements.represents(TensorDatatype.valueOf(type), value))
        .isEqualTo(represented);
  }

  @Test
  void everyServedTypeMapsToAnOnnxRuntimeTypeAndBack() {
    for (TensorDatatype type : TensorElements.INPUTS) {
      assertThat(TensorDatatype.of(type.javaType())).isEqualTo(type);
    }
    assertThat(TensorDatatype.BYTES.javaType()).isEqualTo(OnnxJavaType.STRING);
    assertThatThrownBy(TensorDatatype.UINT32::javaType)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX Runtime's Java API has no UINT32 tensors");
  }

  @Test
  void buildsIntegerTensorsOfTheModelsType() throws Exception {
    double[] values = {-7, 0, 2_000_000_000};

    try (OnnxTensor ints =
            TensorElements.input(ENVIRONMENT, TensorDatatype.INT32, values, ONE_BY_THREE);
        OnnxTensor longs =
            TensorElements.input(ENVIRONMENT, TensorDatatype.INT64, values, ONE_BY_THREE)) {
      assertThat(ints.getInfo().type).isEqualTo(OnnxJavaType.INT32);
      assertThat(((int[][]) ints.getValue())[0]).containsExactly(-7, 0, 2_000_000_000);
      assertThat(longs.getInfo().type).isEqualTo(OnnxJavaType.INT64);
      assertThat(((long[][]) longs.getValue())[0]).containsExactly(-7, 0, 2_000_000_000);
    }
  }

  @Test
  void buildsByteTensorsWithUint8AboveTheSignedByteRange() throws Exception {
    try (OnnxTensor unsigned =
            TensorElements.input(
                ENVIRONMENT, TensorDatatype.UINT8, new double[] {255, 128, 1}, ONE_BY_THREE);
        OnnxTensor signed =
            TensorElements.input(
                ENVIRONMENT, TensorDatatype.INT8, new double[] {-128, 127, 0}, ONE_BY_THREE);
        OnnxTensor flags =
            TensorElements.input(
                ENVIRONMENT, TensorDatatype.BOOL, new double[] {1, 0, 1}, ONE_BY_THREE)) {
      assertThat(unsigned.getInfo().type).isEqualTo(OnnxJavaType.UINT8);
      ByteBuffer bytes = unsigned.getByteBuffer();
      assertThat(new int[] {bytes.get(0) & 0xff, bytes.get(1) & 0xff, bytes.get(2) & 0xff})
          .containsExactly(255, 128, 1);
      assertThat(signed.getInfo().type).isEqualTo(OnnxJavaType.INT8);
      assertThat(((byte[][]) signed.getValue())[0]).containsExactly(-128, 127, 0);
      assertThat(flags.getInfo().type).isEqualTo(OnnxJavaType.BOOL);
      assertThat(((boolean[][]) flags.getValue())[0]).containsExactly(true, false, true);
    }
  }

  @Test
  void buildsFloatingTensorsInTheirOwnPrecision() throws Exception {
    double[] values = {0.1, -2.5, 65504};

    try (OnnxTensor doubles =
            TensorElements.input(ENVIRONMENT, TensorDatatype.FP64, values, ONE_BY_THREE);
        OnnxTensor halves =
            TensorElements.input(ENVIRONMENT, TensorDatatype.FP16, values, ONE_BY_THREE);
        OnnxTensor shorts =
            TensorElements.input(
                ENVIRONMENT, TensorDatatype.INT16, new double[] {-32768, 1, 32767}, ONE_BY_THREE)) {
      assertThat(((double[][]) doubles.getValue())[0]).containsExactly(0.1, -2.5, 65504);
      assertThat(halves.getInfo().type).isEqualTo(OnnxJavaType.FLOAT16);
      ShortBuffer bits = halves.getShortBuffer();
      assertThat(Fp16Conversions.fp16ToFloat(bits.get(1))).isEqualTo(-2.5f);
      assertThat(Fp16Conversions.fp16ToFloat(bits.get(2))).isEqualTo(65504f);
      assertThat(shorts.getInfo().type).isEqualTo(OnnxJavaType.INT16);
      assertThat(((short[][]) shorts.getValue())[0]).containsExactly(-32768, 1, 32767);
    }
  }

  @Test
  void readsIntegerOutputsAsTheirOwnArrays() throws Exception {
    try (OnnxTensor longs =
        TensorElements.input(
            ENVIRONMENT, TensorDatatype.INT64, new double[] {1, -2, 3}, ONE_BY_THREE)) {
      Object values = TensorElements.output(longs, TensorDatatype.INT64);

      assertThat(values).isInstanceOf(long[].class);
      assertThat((long[]) values).containsExactly(1, -2, 3);
    }
  }
}
