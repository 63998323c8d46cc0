package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.driftwatch.training.DemoModel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on machines without a GPU, as CI does: CUDA must fail and AUTO must fall back. */
class SessionFactoryTest {

  @TempDir static Path repository;
  private static Path modelFile;
  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

  @BeforeAll
  static void writeDemoModel() throws Exception {
    modelFile = DemoModel.writeRepository(repository).resolve("model.onnx");
  }

  @Test
  void cpuOpensTheModelOnTheCpu() throws Exception {
    SessionFactory.OpenedSession opened =
        new SessionFactory(environment, Device.CPU).open(modelFile);
    try (var session = opened.session()) {
      assertThat(opened.provider()).isEqualTo("CPU");
      assertThat(session.getInputNames()).hasSize(1);
    }
  }

  @Test
  void autoFallsBackToTheCpuWhenCudaIsUnavailable() throws Exception {
    SessionFactory.OpenedSession opened =
        new SessionFactory(environment, Device.AUTO).open(modelFile);
    try (var session = opened.session()) {
      assertThat(opened.provider()).isEqualTo("CPU");
      assertThat(session.getNumOutputs()).isEqualTo(1);
    }
  }

  @Test
  void cudaFailsWhenCudaIsUnavailableSayingSo() {
    assertThatThrownBy(() -> new SessionFactory(environment, Device.CUDA).open(modelFile))
        .isInstanceOf(OrtException.class)
        .hasMessageContaining("CUDA execution provider unavailable");
  }
}
