package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import io.driftwatch.training.WeatherDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

  private static final String MODEL = DemoModel.NAME;
  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  @TempDir static Path root;
  private static ModelRepository repository;

  /**
   * Versions 1 and 2 are good, 3 has a corrupt model file; "latest", and "0" and "007" (good copies
   * of version 1) are not versions by Triton's rule.
   */
  @BeforeAll
  static void loadRepositoryWithABrokenVersion() throws IOException {
    DemoModel.writeRepository(root);
    DemoModel.writeVersion(root, "2", WeatherDataset.bundled().seattle(), 7);
    Path broken = Files.createDirectories(root.resolve(MODEL).resolve("3"));
    Files.copy(
        root.resolve(MODEL).resolve("1").resolve(ModelDescriptor.FILE_NAME),
        broken.resolve(ModelDescriptor.FILE_NAME));
    Files.writeString(broken.resolve("model.onnx"), "not an onnx model");
    Files.createDirectories(root.resolve(MODEL).resolve("latest"));
    for (String notAVersion : List.of("0", "007")) {
      Path copy = Files.createDirectories(root.resolve(MODEL).resolve(notAVersion));
      try (var files = Files.list(root.resolve(MODEL).resolve("1"))) {
        for (Path file : files.toList()) {
          Files.copy(file, copy.resolve(file.getFileName()));
        }
      }
    }
    repository =
        ModelRepository.load(root, ENVIRONMENT, new SessionFactory(ENVIRONMENT, Device.CPU));
  }

  @AfterAll
  static void closeRepository() {
    repository.close();
  }

  @Test
  void listsEveryTritonVersionWithABrokenOneUnavailableAndItsReason() {
    List<VersionState> index = repository.index();

    assertThat(index).extracting(VersionState::version).containsExactly("1", "2", "3");
    assertThat(index)
        .extracting(VersionState::state)
        .containsExactly("READY", "READY", "UNAVAILABLE");
    assertThat(index.get(2).reason()).contains("ONNX Runtime cannot load").contains("model.onnx");
    assertThat(repository.readyVersions(MODEL)).containsExactly("1", "2");
    assertThat(repository.allModelsServing()).isTrue();
  }

  @Test
  void theHighestLoadedVersionServesRequestsThatNameNone() {
    assertThat(repository.resolve(MODEL, Optional.empty()).version()).isEqualTo("2");
    assertThat(repository.resolve(MODEL, Optional.of("1")).version()).isEqualTo("1");
    assertThat(repository.state(MODEL, Optional.empty()).version()).isEqualTo("2");
  }

  @Test
  void refusesUnknownModelsAndVersionsWith404AndUnloadedOnesWith503() {
    assertThatThrownBy(() -> repository.resolve("nope", Optional.empty()))
        .isInstanceOf(GatewayException.class)
        .hasMessage("unknown model 'nope'; the repository has [" + MODEL + "]")
        .extracting(e -> ((GatewayException) e).status())
        .isEqualTo(404);
    assertThatThrownBy(() -> repository.resolve(MODEL, Optional.of("9")))
        .hasMessageContaining("has no version '9'")
        .extracting(e -> ((GatewayException) e).status())
        .isEqualTo(404);
    assertThatThrownBy(() -> repository.resolve(MODEL, Optional.of("latest")))
        .extracting(e -> ((GatewayException) e).status())
        .isEqualTo(404);
    assertThatThrownBy(() -> repository.resolve(MODEL, Optional.of("3")))
        .hasMessageContaining("version 3 is unavailable: ONNX Runtime cannot load")
        .extracting(e -> ((GatewayException) e).status())
        .isEqualTo(503);
  }

  @Test
  void aLoadedVersionAnswersProbabilitiesThatSumToOnePerRow() {
    LoadedModel model = repository.resolve(MODEL, Optional.empty());
    ModelDescriptor descriptor = model.descriptor();
    int rows = 3; // a drizzly day, a rainy day, a snowy day
    InputTensor input =
        new InputTensor(
            descriptor.inputName(),
            new long[] {3, 4},
            TensorDatatype.FP32,
            new double[] {0, 15, 8, 3, 20, 9, 4, 6, 0, -2, -8, 2});

    Prediction prediction =
        model.predict(
            FeatureMatrix.from(
                new InferRequest(Optional.empty(), List.of(input), List.of()),
                descriptor,
                TensorDatatype.FP32));

    assertThat(prediction.rows()).isEqualTo(rows);
    assertThat(prediction.output().shape()).containsExactly(3, descriptor.classLabels().size());
    for (int row = 0; row < rows; row++) {
      assertThat(prediction.probabilities(row).values().stream().mapToDouble(p -> p).sum())
          .isCloseTo(1.0, within(1e-4));
      assertThat(descriptor.classLabels()).contains(prediction.predictedClass(row));
      assertThat(prediction.score(row))
          .isEqualTo(prediction.probabilities(row).get(prediction.predictedClass(row)));
    }
    assertThat(model.provider()).isEqualTo("CPU");
  }

  @Test
  void describesInputsAndOutputsWithDynamicBatchDimension() {
    LoadedModel model = repository.resolve(MODEL, Optional.empty());

    assertThat(model.inputMetadata())
        .containsExactly(
            new TensorMetadata(model.descriptor().inputName(), "FP32", List.of(-1L, 4L)));
    assertThat(model.outputMetadata())
        .containsExactly(
            new TensorMetadata(model.descriptor().outputName(), "FP32", List.of(-1L, 5L)),
            new TensorMetadata("label", "BYTES", List.of(-1L)));
    assertThat(model.outputNames())
        .containsExactly(model.descriptor().outputName(), LoadedModel.LABEL_OUTPUT);
  }

  @Test
  void aVersionWithoutItsDescriptorIsUnavailable(@TempDir Path other) throws IOException {
    Path version = DemoModel.writeRepository(other);
    Files.delete(version.resolve(ModelDescriptor.FILE_NAME));

    try (ModelRepository loaded =
        ModelRepository.load(other, ENVIRONMENT, new SessionFactory(ENVIRONMENT, Device.CPU))) {
      assertThat(loaded.index())
          .singleElement()
          .extracting(VersionState::state)
          .isEqualTo("UNAVAILABLE");
      assertThat(loaded.index().get(0).reason()).startsWith("missing ").endsWith("descriptor.json");
      assertThat(loaded.allModelsServing()).isFalse();
      assertThatThrownBy(() -> loaded.resolve(MODEL, Optional.empty()))
          .hasMessageContaining("has no loaded version")
          .extracting(e -> ((GatewayException) e).status())
          .isEqualTo(503);
    }
  }

  @Test
  void onDeviceCudaWithoutAGpuEveryVersionIsUnavailableNamingCuda() throws IOException {
    try (ModelRepository onCuda =
        ModelRepository.load(root, ENVIRONMENT, new SessionFactory(ENVIRONMENT, Device.CUDA))) {
      assertThat(onCuda.index())
          .allSatisfy(v -> assertThat(v.reason()).contains("CUDA"))
          .extracting(VersionState::state)
          .containsOnly("UNAVAILABLE");
    }
  }

  @Test
  void refusesARepositoryThatIsNotADirectoryNamingTheKey() {
    assertThatThrownBy(
            () ->
                ModelRepository.load(
                    root.resolve("missing"),
                    ENVIRONMENT,
                    new SessionFactory(ENVIRONMENT, Device.CPU)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("gateway.model-repository");
  }

  @Test
  void aClosedVersionRefusesToRunWith503() throws IOException {
    ModelRepository own =
        ModelRepository.load(root, ENVIRONMENT, new SessionFactory(ENVIRONMENT, Device.CPU));
    LoadedModel model = own.resolve(MODEL, Optional.of("1"));
    InputTensor input =
        new InputTensor(
            model.descriptor().inputName(), new long[] {1, 4}, TensorDatatype.FP32, new double[4]);
    FeatureMatrix features =
        FeatureMatrix.from(
            new InferRequest(Optional.empty(), List.of(input), List.of()),
            model.descriptor(),
            model.inputDatatype());
    assertThat(model.predict(features).rows()).isEqualTo(1);

    own.close();

    assertThatThrownBy(() -> model.predict(features))
        .hasMessageContaining("is being unloaded")
        .extracting(e -> ((GatewayException) e).status())
        .isEqualTo(503);
  }
}
