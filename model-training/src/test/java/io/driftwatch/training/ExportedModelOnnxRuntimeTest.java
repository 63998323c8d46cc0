package io.driftwatch.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.driftwatch.schemas.repository.ModelDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integration test: the real exported file in the real ONNX Runtime (CPU). */
class ExportedModelOnnxRuntimeTest {

  @TempDir static Path repository;

  private static ModelDescriptor descriptor;
  private static TrainedClassifier tribuo;
  private static OrtEnvironment environment;
  private static OrtSession session;

  @BeforeAll
  static void exportDemoModelAndLoadItInOnnxRuntime() throws IOException, OrtException {
    Path version = DemoModel.writeRepository(repository);
    descriptor = ModelDescriptor.read(version.resolve(ModelDescriptor.FILE_NAME));
    // Training is deterministic (DemoModelTest checks the bytes), so this is the exported model.
    tribuo =
        new DemoModelTrainer(TrainingSettings.defaults(TrainingSettings.DEFAULT_SEED))
            .train(WeatherDataset.bundled().seattle());
    environment = OrtEnvironment.getEnvironment();
    session =
        environment.createSession(
            version.resolve(ModelRepositoryWriter.MODEL_FILE).toString(),
            new OrtSession.SessionOptions());
  }

  @AfterAll
  static void closeSession() throws OrtException {
    session.close();
  }

  @Test
  void inputIsTheDescribedFloatMatrixWithOneColumnPerFeature() throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();

    assertThat(inputs).containsOnlyKeys(descriptor.inputName());
    TensorInfo input = (TensorInfo) inputs.get(descriptor.inputName()).getInfo();
    assertThat(input.type).isEqualTo(OnnxJavaType.FLOAT);
    assertThat(input.getShape()).containsExactly(-1, descriptor.features().size());
  }

  @Test
  void outputIsTheDescribedFloatMatrixWithOneColumnPerClass() throws OrtException {
    Map<String, NodeInfo> outputs = session.getOutputInfo();

    assertThat(outputs).containsOnlyKeys(descriptor.outputName());
    TensorInfo output = (TensorInfo) outputs.get(descriptor.outputName()).getInfo();
    assertThat(output.type).isEqualTo(OnnxJavaType.FLOAT);
    assertThat(output.getShape()).containsExactly(-1, descriptor.classLabels().size());
  }

  @Test
  void descriptorListsTribuosFeatureAndLabelOrder() {
    assertThat(descriptor.featureNames()).isEqualTo(tribuo.featureNames());
    assertThat(descriptor.classLabels()).isEqualTo(tribuo.classLabels());
    assertThat(descriptor.features())
        .extracting(ModelDescriptor.Feature::kind)
        .containsOnly(ModelDescriptor.Kind.NUMERIC);
  }

  @Test
  void probabilitiesEqualTribuosOwnPredictionsForEveryRowOfBothCities() throws OrtException {
    List<WeatherObservation> rows = WeatherDataset.bundled().all();

    float[][] onnx = run(rows);

    for (int r = 0; r < rows.size(); r++) {
      double[] expected = tribuo.probabilities(rows.get(r));
      for (int c = 0; c < expected.length; c++) {
        assertThat((double) onnx[r][c])
            .as("row %d (%s), class %s", r, rows.get(r), descriptor.classLabels().get(c))
            .isCloseTo(expected[c], within(1e-5));
      }
    }
  }

  @Test
  void carriesLineageInsteadOfTribuosTimestampedProvenance() throws OrtException {
    Map<String, String> metadata = session.getMetadata().getCustomMetadata();

    assertThat(metadata).doesNotContainKey("TRIBUO_PROVENANCE");
    assertThat(metadata)
        .containsEntry(
            "driftwatch.training_data_sha256", descriptor.lineage().get("training_data_sha256"))
        .containsEntry("driftwatch.seed", "42");
    assertThat(session.getMetadata().getDomain()).isEqualTo(OnnxExport.DOMAIN);
  }

  /** Feeds rows to ONNX Runtime with columns placed by the descriptor's feature names. */
  private static float[][] run(List<WeatherObservation> rows) throws OrtException {
    List<String> columns = descriptor.featureNames();
    float[][] input = new float[rows.size()][columns.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        input[r][c] = (float) feature(rows.get(r), columns.get(c));
      }
    }
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input);
        OrtSession.Result result = session.run(Map.of(descriptor.inputName(), tensor))) {
      return (float[][]) result.get(descriptor.outputName()).orElseThrow().getValue();
    }
  }

  private static double feature(WeatherObservation row, String name) {
    return switch (name) {
      case "precipitation" -> row.precipitation();
      case "temp_max" -> row.tempMax();
      case "temp_min" -> row.tempMin();
      case "wind" -> row.wind();
      default -> throw new IllegalArgumentException("unknown feature " + name);
    };
  }
}
