package io.driftwatch.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.driftwatch.schemas.repository.ModelDescriptor;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpModelTest {

  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
  private static final int ROWS = 5;

  private static float[] score(byte[] model, float[] rows) throws Exception {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = ENVIRONMENT.createSession(model, options);
        OnnxTensor input =
            OnnxTensor.createTensor(
                ENVIRONMENT, FloatBuffer.wrap(rows), new long[] {ROWS, MlpModel.INPUTS});
        OrtSession.Result result = session.run(Map.of("input", input))) {
      OnnxTensor output = (OnnxTensor) result.get("output").orElseThrow();
      assertThat(output.getInfo().getShape()).containsExactly(ROWS, 2);
      FloatBuffer buffer = output.getFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
  }

  private static float[] randomRows() {
    Random random = new Random(7);
    float[] rows = new float[ROWS * MlpModel.INPUTS];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) random.nextGaussian();
    }
    return rows;
  }

  @Test
  void onnxRuntimeScoresEveryRowWithTwoProbabilitiesThatSumToOne() throws Exception {
    float[] probabilities = score(MlpModel.onnx(42), randomRows());

    for (int row = 0; row < ROWS; row++) {
      float a = probabilities[2 * row];
      float b = probabilities[2 * row + 1];
      assertThat(a).isBetween(0f, 1f);
      assertThat(a + b).isCloseTo(1f, within(1e-5f));
    }
    // Random weights still separate random inputs: not every row gets the same answer.
    assertThat(probabilities[0]).isNotEqualTo(probabilities[2]);
  }

  @Test
  void theSameSeedBuildsTheSameModelAndAnotherSeedAnother() throws Exception {
    assertThat(MlpModel.onnx(42)).isEqualTo(MlpModel.onnx(42));
    assertThat(score(MlpModel.onnx(43), randomRows()))
        .isNotEqualTo(score(MlpModel.onnx(42), randomRows()));
  }

  @Test
  void writesATritonVersionWithADescriptorOfSixtyFourFeatures(@TempDir Path repository)
      throws Exception {
    Path version = MlpModel.writeRepository(repository, 42);

    assertThat(version).isEqualTo(repository.resolve("mlp").resolve("1"));
    assertThat(version.resolve("model.onnx")).exists();
    ModelDescriptor descriptor = ModelDescriptor.read(version.resolve(ModelDescriptor.FILE_NAME));
    assertThat(descriptor.features()).hasSize(64);
    assertThat(descriptor.featureNames()).startsWith("x00", "x01").endsWith("x63");
    assertThat(descriptor.classLabels()).containsExactly("a", "b");
    assertThat(Files.readAllBytes(version.resolve("model.onnx"))).isEqualTo(MlpModel.onnx(42));
  }
}
