package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.onnxruntime.OrtEnvironment;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.ModelRepositoryWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tensor element types {@link LoadedModel#load} accepts, on real ONNX Runtime. */
class TypedModelLoadTest {

  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  @TempDir Path repository;

  private LoadedModel load(String model) throws ModelLoadException {
    return LoadedModel.load(
        model,
        "1",
        repository.resolve(model).resolve("1"),
        ENVIRONMENT,
        new SessionFactory(ENVIRONMENT, Device.CPU));
  }

  @Test
  void refusesAStringOutputNamingItsType() throws Exception {
    new ModelRepositoryWriter(repository)
        .write("words", "1", TypedModels.strings(), null, TypedModels.regressor(2));

    assertThatThrownBy(() -> load("words"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith(
            "output 'output' has element type STRING, which the gateway does not serve; it serves"
                + " outputs of [BF16, BOOL, FP16, FP32, FP64, INT16, INT32, INT64, INT8, UINT8]");
  }

  @Test
  void refusesAStringInputWhoseDescriptorCallsAFeatureNumeric() throws Exception {
    new ModelRepositoryWriter(repository)
        .write("weather-words", "1", TypedModels.weatherWords(), null, TypedModels.regressor(2));

    assertThatThrownBy(() -> load("weather-words"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "input 'input' is STRING, so every feature must be categorical; the descriptor has"
                + " numeric [f0, f1]");
  }

  @Test
  void refusesAClassifierWhoseIntegerClassesTheClassLabelsDoNotName() throws Exception {
    new ModelRepositoryWriter(repository)
        .write("ids", "1", TypedModels.ids(), null, TypedModels.classifier(2, List.of("one", "7")));

    assertThatThrownBy(() -> load("ids"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "classifier output 'output' holds each row's class as INT64, so the descriptor's"
                + " class_labels must be those integers in decimal; [one] are not");
  }

  @Test
  void refusesAClassifierWhoseIntegerOutputHasAColumnPerClass() throws Exception {
    new ModelRepositoryWriter(repository)
        .write(
            "octets",
            "1",
            TypedModels.octets(),
            null,
            TypedModels.classifier(2, List.of("0", "1")));

    assertThatThrownBy(() -> load("octets"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "classifier output 'output' is UINT8, so it must hold one class per row, [N] or"
                + " [N, 1]; its shape is [-1, 2] (probabilities must be floating)");
  }

  @Test
  void refusesAClassifierWhoseBoolOutputIsNeitherProbabilitiesNorClasses() throws Exception {
    new ModelRepositoryWriter(repository)
        .write(
            "above-half",
            "1",
            TypedModels.aboveHalf(),
            null,
            TypedModels.classifier(2, List.of("no", "yes")));

    assertThatThrownBy(() -> load("above-half"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "output 'output' has element type BOOL, which the gateway does not serve; it serves"
                + " outputs of [BF16, BYTES, FP16, FP32, FP64, INT16, INT32, INT64, INT8, UINT8]");
  }

  @Test
  void refusesAClassifierWhoseOutputTakesTheNameOfTheLabelOutput() throws Exception {
    ModelDescriptor named =
        new ModelDescriptor(
            ModelDescriptor.Task.CLASSIFICATION,
            "input",
            "label",
            TypedModels.classifier(2, List.of("cold", "hot")).features(),
            List.of("cold", "hot"),
            Map.of());
    new ModelRepositoryWriter(repository)
        .write("class-names", "1", TypedModels.classNames("label", false), null, named);

    assertThatThrownBy(() -> load("class-names"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "a classifier's output cannot be named 'label': the gateway adds a 'label' output of"
                + " the predicted classes; rename the model's output");
  }

  @Test
  void loadsAClassifierWhoseStringOutputHoldsItsClasses() throws Exception {
    new ModelRepositoryWriter(repository)
        .write(
            "class-names",
            "1",
            TypedModels.classNames(),
            null,
            TypedModels.classifier(2, List.of("cold", "hot")));

    try (LoadedModel model = load("class-names")) {
      assertThat(model.outputMetadata())
          .extracting(TensorMetadata::name, TensorMetadata::datatype, TensorMetadata::shape)
          .containsExactly(
              tuple("output", "BYTES", List.of(-1L)), tuple("label", "BYTES", List.of(-1L)));
      Prediction one = model.predict(fp32Rows(model, new double[] {0.2, 0.9}));
      assertThat(one.predictedClasses()).containsExactly("hot");
      assertThat(one.score(0)).isNull();
      assertThat(one.probabilities(0)).isEmpty();
    }
  }

  @Test
  void loadsAnInt32ModelAsARegressorWithItsTypes() throws Exception {
    new ModelRepositoryWriter(repository)
        .write("ids", "1", TypedModels.ids(), null, TypedModels.regressor(2));

    try (LoadedModel model = load("ids")) {
      assertThat(model.inputDatatype()).isEqualTo(TensorDatatype.INT32);
      assertThat(model.inputMetadata().get(0).datatype()).isEqualTo("INT32");
      assertThat(model.outputMetadata().get(0).datatype()).isEqualTo("INT64");
      assertThat(model.outputNames()).containsExactly(model.descriptor().outputName());
    }
  }

  @Test
  void aStringClassOutputOfOneColumnIsReadRowByRow() throws Exception {
    new ModelRepositoryWriter(repository)
        .write(
            "class-names",
            "1",
            TypedModels.classNames("output", true),
            null,
            TypedModels.classifier(2, List.of("cold", "hot")));

    try (LoadedModel model = load("class-names")) {
      assertThat(model.outputMetadata().get(0).shape()).containsExactly(-1L, 1L);
      Prediction rows =
          model.predict(
              fp32Rows(
                  model, new double[] {0.2, 0.9}, new double[] {0.7, 0.1}, new double[] {0, 1}));
      assertThat(rows.output().shape()).containsExactly(3, 1);
      assertThat(rows.predictedClasses()).containsExactly("hot", "cold", "hot");
    }
  }

  @Test
  void refusesAClassOutputWithNoRowDimension() throws Exception {
    new ModelRepositoryWriter(repository)
        .write(
            "scalar-class",
            "1",
            TypedModels.scalarClass(),
            null,
            TypedModels.classifier(2, List.of("cold", "hot")));

    assertThatThrownBy(() -> load("scalar-class"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "classifier output 'output' is BYTES, so it must hold one class per row, [N] or"
                + " [N, 1]; its shape is [] (probabilities must be floating)");
  }

  /** FP32 rows for {@code model}'s input tensor, one array per row. */
  private static FeatureMatrix fp32Rows(LoadedModel model, double[]... rows) {
    int columns = rows[0].length;
    double[] data = new double[rows.length * columns];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, data, r * columns, columns);
    }
    return FeatureMatrix.from(
        new InferRequest(
            Optional.empty(),
            List.of(
                new InputTensor(
                    model.descriptor().inputName(),
                    new long[] {rows.length, columns},
                    TensorDatatype.FP32,
                    data)),
            List.of()),
        model.descriptor(),
        TensorDatatype.FP32);
  }
}
