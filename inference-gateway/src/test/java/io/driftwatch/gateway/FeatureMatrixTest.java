package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.schemas.repository.ModelDescriptor.Feature;
import io.driftwatch.schemas.repository.ModelDescriptor.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeatureMatrixTest {

  private static final ModelDescriptor RAIN_OR_SUN =
      new ModelDescriptor(
          ModelDescriptor.Task.CLASSIFICATION,
          "input",
          "output",
          List.of(new Feature("precipitation", Kind.NUMERIC), new Feature("wind", Kind.NUMERIC)),
          List.of("rain", "sun"),
          Map.of());

  private static InputTensor tensor(String name, long[] shape, double... data) {
    return new InputTensor(name, shape, TensorDatatype.FP64, data);
  }

  private static FeatureMatrix assemble(InputTensor... inputs) {
    return FeatureMatrix.from(
        new InferRequest(Optional.empty(), List.of(inputs), List.of()),
        RAIN_OR_SUN,
        TensorDatatype.FP32);
  }

  @Test
  void takesTheWholeInputTensorAsRows() {
    FeatureMatrix matrix = assemble(tensor("input", new long[] {2, 2}, 1, 2, 3, 4));

    assertThat(matrix.rows()).isEqualTo(2);
    assertThat(matrix.columns()).isEqualTo(2);
    assertThat(matrix.shape()).containsExactly(2, 2);
    assertThat(matrix.get(1, 0)).isEqualTo(3f);
  }

  @Test
  void concatenatesTheRowsOfSeveralRequestsInOrderForOneBatchedCall() {
    FeatureMatrix first = assemble(tensor("input", new long[] {1, 2}, 1, 2));
    FeatureMatrix second = assemble(tensor("input", new long[] {2, 2}, 3, 4, 5, 6));

    FeatureMatrix batch = FeatureMatrix.concat(List.of(first, second));

    assertThat(batch.shape()).containsExactly(3, 2);
    assertThat(batch.get(0, 1)).isEqualTo(2f);
    assertThat(batch.get(2, 0)).isEqualTo(5f);
  }

  private static InputTensor bytes(String name, long[] shape, String... values) {
    return new InputTensor(name, shape, TensorDatatype.BYTES, new double[0], List.of(values));
  }

  @Test
  void aStringModelsRowsArePerFeatureOrWholeTensorStringsThatConcatenateInOrder() {
    ModelDescriptor words =
        new ModelDescriptor(
            ModelDescriptor.Task.REGRESSION,
            "input",
            "output",
            List.of(new Feature("sky", Kind.CATEGORICAL), new Feature("ground", Kind.CATEGORICAL)),
            List.of(),
            Map.of());
    InferRequest wholeTensor =
        new InferRequest(
            Optional.empty(), List.of(bytes("input", new long[] {1, 2}, "rain", "wet")), List.of());
    InferRequest perFeature =
        new InferRequest(
            Optional.empty(),
            List.of(
                bytes("ground", new long[] {2}, "dry", "icy"),
                bytes("sky", new long[] {2, 1}, "sun", "snow")),
            List.of());

    FeatureMatrix batch =
        FeatureMatrix.concat(
            List.of(
                FeatureMatrix.from(wholeTensor, words, TensorDatatype.BYTES),
                FeatureMatrix.from(perFeature, words, TensorDatatype.BYTES)));

    assertThat(batch.shape()).containsExactly(3, 2);
    assertThat(List.of(batch.text(0, 0), batch.text(0, 1), batch.text(1, 0), batch.text(2, 1)))
        .containsExactly("rain", "wet", "sun", "icy");
    assertThatThrownBy(() -> batch.get(0, 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBatchedPredictionHandsEachRequestItsOwnRows() {
    Prediction batch =
        new Prediction(
            new Prediction.OutputTensor(
                "output", new long[] {3, 2}, new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.3f, 0.7f}),
            List.of("rain", "sun"),
            50_000);

    Prediction second = batch.rows(1, 2);

    assertThat(second.output().shape()).containsExactly(2, 2);
    assertThat(second.predictedClasses()).containsExactly("sun", "sun");
    assertThat(second.output().get(1, 0)).isEqualTo(0.3f);
    assertThat(second.computeNanos()).as("the whole batch's model time").isEqualTo(50_000);
  }

  @Test
  void placesPerFeatureInputsInDescriptorColumnOrderWhateverTheRequestOrder() {
    FeatureMatrix matrix =
        assemble(
            tensor("wind", new long[] {2, 1}, 7, 8), tensor("precipitation", new long[] {2}, 0, 1));

    assertThat(matrix.get(0, 0)).isEqualTo(0f);
    assertThat(matrix.get(0, 1)).isEqualTo(7f);
    assertThat(matrix.get(1, 0)).isEqualTo(1f);
    assertThat(matrix.get(1, 1)).isEqualTo(8f);
  }

  @Test
  void refusesAnUnknownInputNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> assemble(tensor("temperature", new long[] {1}, 1)))
        .isInstanceOf(GatewayException.class)
        .hasMessage(
            "unknown input 'temperature': send 'input' with shape [N, 2] or one input per feature"
                + " of [precipitation, wind]");
  }

  @Test
  void refusesAMissingFeature() {
    assertThatThrownBy(() -> assemble(tensor("wind", new long[] {1}, 1)))
        .hasMessage("missing input for feature 'precipitation'");
  }

  @Test
  void refusesAWholeTensorOfTheWrongWidth() {
    assertThatThrownBy(() -> assemble(tensor("input", new long[] {1, 3}, 1, 2, 3)))
        .hasMessage(
            "input 'input' has shape [1, 3], expected [N, 2] with columns [precipitation, wind]");
    assertThatThrownBy(() -> assemble(tensor("input", new long[] {2}, 1, 2)))
        .hasMessageContaining("expected [N, 2]");
  }

  @Test
  void refusesFeatureInputsOfDifferentLengthsOrWidths() {
    assertThatThrownBy(
            () ->
                assemble(
                    tensor("precipitation", new long[] {2}, 1, 2),
                    tensor("wind", new long[] {1}, 1)))
        .hasMessage("input 'wind' has 1 rows but the other features have 2");
    assertThatThrownBy(
            () ->
                assemble(
                    tensor("precipitation", new long[] {1, 2}, 1, 2),
                    tensor("wind", new long[] {1}, 1)))
        .hasMessage("input 'precipitation' has shape [1, 2], expected [N] or [N, 1]");
  }

  @Test
  void refusesTheWholeTensorMixedWithFeatureInputs() {
    assertThatThrownBy(
            () ->
                assemble(
                    tensor("input", new long[] {1, 2}, 1, 2), tensor("wind", new long[] {1}, 1)))
        .hasMessageContaining("send it alone");
  }

  @Test
  void refusesAnEmptyBatch() {
    assertThatThrownBy(() -> assemble(tensor("input", new long[] {0, 2})))
        .hasMessage("the request holds no rows (batch size 0)");
  }

  @Test
  void convertsBoolAndSmallIntegerInputsToTheModelsFloats() {
    FeatureMatrix matrix =
        assemble(
            new InputTensor(
                "precipitation", new long[] {2}, TensorDatatype.BOOL, new double[] {1, 0}),
            new InputTensor("wind", new long[] {2}, TensorDatatype.UINT8, new double[] {255, 7}));

    assertThat(matrix.get(0, 0)).isEqualTo(1f);
    assertThat(matrix.get(0, 1)).isEqualTo(255f);
    assertThat(matrix.get(1, 1)).isEqualTo(7f);
  }

  @Test
  void refusesBytesNamingTheInputAndBothDatatypes() {
    InputTensor words =
        new InputTensor(
            "input", new long[] {1, 2}, TensorDatatype.BYTES, new double[0], List.of("a", "b"));

    assertThatThrownBy(() -> assemble(words))
        .isInstanceOf(GatewayException.class)
        .hasMessage(
            "input 'input' is BYTES, but the model's input 'input' is FP32: strings cannot be"
                + " converted to numbers");
  }

  @Test
  void refusesAnFp64ValueBeyondTheFloatRangeNamingBothDatatypes() {
    assertThatThrownBy(() -> assemble(tensor("input", new long[] {1, 2}, 1, 1e300)))
        .isInstanceOf(GatewayException.class)
        .hasMessageStartingWith(
            "input 'input' is FP64 with value 1.0E300, but the model's input 'input' is FP32");
  }

  private static FeatureMatrix forModel(TensorDatatype modelInput, InputTensor input) {
    return FeatureMatrix.from(
        new InferRequest(Optional.empty(), List.of(input), List.of()), RAIN_OR_SUN, modelInput);
  }

  @Test
  void keepsIntegersExactForAnInt64ModelUpTo2To53() {
    double largest = 0x1p53 - 1;
    InputTensor counts =
        new InputTensor(
            "input", new long[] {1, 2}, TensorDatatype.INT64, new double[] {largest, -largest});

    FeatureMatrix matrix = forModel(TensorDatatype.INT64, counts);

    assertThat(matrix.datatype()).isEqualTo(TensorDatatype.INT64);
    assertThat((long) matrix.get(0, 0)).isEqualTo(9_007_199_254_740_991L);
    assertThat((long) matrix.get(0, 1)).isEqualTo(-9_007_199_254_740_991L);
  }

  @Test
  void givesAnInt64ModelTheRequestsExactIntegersBeyond2To53() throws Exception {
    long[] exact = {9_007_199_254_740_993L, Long.MAX_VALUE};
    InputTensor ids =
        new InputTensor(
            "input",
            new long[] {1, 2},
            TensorDatatype.INT64,
            new double[] {exact[0], exact[1]},
            List.of(),
            exact);

    FeatureMatrix matrix = forModel(TensorDatatype.INT64, ids);
    FeatureMatrix batch = FeatureMatrix.concat(List.of(matrix, matrix));

    try (OnnxTensor tensor = batch.toTensor(OrtEnvironment.getEnvironment())) {
      assertThat(tensor.getInfo().type).isEqualTo(OnnxJavaType.INT64);
      assertThat((long[][]) tensor.getValue()).isDeepEqualTo(new long[][] {exact, exact});
    }
  }

  @Test
  void keepsFp64ValuesExactForADoubleModelButRoundsThemForAFloatOne() {
    InputTensor tenth = tensor("input", new long[] {1, 2}, 0.1, 0.2);

    assertThat(forModel(TensorDatatype.FP64, tenth).get(0, 0)).isEqualTo(0.1);
    assertThat(forModel(TensorDatatype.FP32, tenth).get(0, 0)).isEqualTo((double) 0.1f);
  }

  @Test
  void refusesAFractionForAnIntegerModelRatherThanTruncatingIt() {
    assertThatThrownBy(
            () -> forModel(TensorDatatype.INT32, tensor("input", new long[] {1, 2}, 1, 1.5)))
        .isInstanceOf(GatewayException.class)
        .hasMessage(
            "input 'input' is FP64 with value 1.5, but the model's input 'input' is INT32, which"
                + " holds integers -2147483648..2147483647")
        .extracting(e -> ((GatewayException) e).status())
        .isEqualTo(400);
  }

  @Test
  void refusesIntegersOutsideTheModelsIntegerRange() {
    InputTensor large =
        new InputTensor("wind", new long[] {1}, TensorDatatype.INT64, new double[] {3e10});
    InputTensor rain =
        new InputTensor("precipitation", new long[] {1}, TensorDatatype.INT64, new double[] {1});
    InputTensor negative =
        new InputTensor("input", new long[] {1, 2}, TensorDatatype.INT8, new double[] {3, -1});

    assertThatThrownBy(
            () ->
                FeatureMatrix.from(
                    new InferRequest(Optional.empty(), List.of(rain, large), List.of()),
                    RAIN_OR_SUN,
                    TensorDatatype.INT32))
        .hasMessageStartingWith(
            "input 'wind' is INT64 with value 3.0E10, but the model's input 'input' is INT32");
    assertThatThrownBy(() -> forModel(TensorDatatype.UINT8, negative))
        .hasMessage(
            "input 'input' is INT8 with value -1.0, but the model's input 'input' is UINT8, which"
                + " holds integers 0..255");
    assertThatThrownBy(
            () -> forModel(TensorDatatype.INT64, tensor("input", new long[] {1, 2}, 0x1p53, 1)))
        .hasMessageContaining(
            "is INT64, which holds integers -9223372036854775808..9223372036854775807 (below 2^53 in"
                + " magnitude when sent in a floating datatype)");
  }

  @Test
  void takesOnlyZeroAndOneForABoolModel() {
    InputTensor ones =
        new InputTensor("input", new long[] {1, 2}, TensorDatatype.INT32, new double[] {1, 0});
    InputTensor two =
        new InputTensor("input", new long[] {1, 2}, TensorDatatype.INT32, new double[] {1, 2});

    assertThat(forModel(TensorDatatype.BOOL, ones).get(0, 0)).isEqualTo(1);
    assertThatThrownBy(() -> forModel(TensorDatatype.BOOL, two))
        .hasMessage(
            "input 'input' is INT32 with value 2.0, but the model's input 'input' is BOOL, which"
                + " holds true or false");
  }

  @Test
  void refusesToBatchMatricesBuiltForDifferentModelTypes() {
    FeatureMatrix floats = assemble(tensor("input", new long[] {1, 2}, 1, 2));
    FeatureMatrix longs = forModel(TensorDatatype.INT64, tensor("input", new long[] {1, 2}, 1, 2));

    assertThatThrownBy(() -> FeatureMatrix.concat(List.of(floats, longs)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INT64");
    assertThat(FeatureMatrix.concat(List.of(longs, longs)).datatype())
        .isEqualTo(TensorDatatype.INT64);
  }

  @Test
  void aBatchedInt64PredictionHandsEachRequestItsOwnExactIntegers() {
    Prediction batch =
        new Prediction(
            new Prediction.OutputTensor(
                "output",
                new long[] {3},
                TensorDatatype.INT64,
                new long[] {1, Long.MAX_VALUE, 9_007_199_254_740_993L}),
            List.of(),
            50_000);

    Prediction second = batch.rows(1, 2);

    assertThat(second.output().datatype()).isEqualTo(TensorDatatype.INT64);
    assertThat(second.output().shape()).containsExactly(2);
    assertThat((long[]) second.output().data())
        .containsExactly(Long.MAX_VALUE, 9_007_199_254_740_993L);
    assertThat(second.score(0)).isEqualTo(0x1p63);
  }

  @Test
  void anOutputTensorRefusesDataOfAnotherType() {
    assertThatThrownBy(
            () ->
                new Prediction.OutputTensor(
                    "output", new long[] {1}, TensorDatatype.INT64, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("INT64 output data must be a long[]");
  }
}
