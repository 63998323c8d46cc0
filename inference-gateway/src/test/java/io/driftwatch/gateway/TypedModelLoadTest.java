package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import io.driftwatch.training.ModelRepositoryWriter;
import java.nio.file.Path;
import java.util.List;
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
  void refusesAClassifierWhoseProbabilitiesAreIntegers() throws Exception {
    new ModelRepositoryWriter(repository)
        .write("ids", "1", TypedModels.ids(), null, TypedModels.classifier(2, List.of("one")));

    assertThatThrownBy(() -> load("ids"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "output 'output' has element type INT64, which the gateway does not serve; it serves"
                + " outputs of [BF16, FP16, FP32, FP64]");
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
}
