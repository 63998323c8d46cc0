package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.driftwatch.training.DemoModel;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  /** The model's first output for one rainy-day row. */
  private float[] probabilitiesOf(OrtSession session) throws OrtException {
    float[] row = {10.9f, 10.6f, 2.8f, 4.5f};
    try (OnnxTensor input =
            OnnxTensor.createTensor(environment, FloatBuffer.wrap(row), new long[] {1, 4});
        OrtSession.Result result =
            session.run(Map.of(session.getInputNames().iterator().next(), input))) {
      return ((float[][]) result.get(0).getValue())[0];
    }
  }

  @ParameterizedTest
  @EnumSource(GraphOptimization.class)
  void everyGraphOptimizationLevelOpensTheModelAndAnswersAlike(GraphOptimization level)
      throws Exception {
    float[] expected;
    try (var reference = new SessionFactory(environment, Device.CPU).open(modelFile).session()) {
      expected = probabilitiesOf(reference);
    }
    SessionSettings settings = new SessionSettings(0, 0, level);

    try (var session =
        new SessionFactory(environment, Device.CPU, settings).open(modelFile).session()) {
      assertThat(probabilitiesOf(session)).containsExactly(expected, within(1e-6f));
    }
  }

  @Test
  void threadCountsAreAppliedWithParallelExecutionForInterOpThreads() throws Exception {
    SessionSettings settings = new SessionSettings(2, 2, GraphOptimization.EXTENDED);

    try (var session =
        new SessionFactory(environment, Device.AUTO, settings).open(modelFile).session()) {
      assertThat(probabilitiesOf(session)).hasSize(5);
    }
  }

  /**
   * Threads of this process without a name of their own, as Linux lists them: ONNX Runtime's pool
   * threads, not the JVM's (which name theirs, so compiler threads that come and go do not count).
   */
  private static long unnamedThreads() throws IOException {
    String process = Files.readString(Path.of("/proc/self/comm")).strip();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks.filter(task -> process.equals(comm(task))).count();
    }
  }

  private static String comm(Path task) {
    try {
      return Files.readString(task.resolve("comm")).strip();
    } catch (IOException e) {
      return ""; // the thread ended meanwhile
    }
  }

  /** Threads opening a session with {@code settings} adds, as long as it stays open. */
  private long threadsAddedBy(SessionSettings settings) throws Exception {
    long before = unnamedThreads();
    try (var session =
        new SessionFactory(environment, Device.CPU, settings).open(modelFile).session()) {
      return unnamedThreads() - before;
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void eachIntraAndInterOpThreadBeyondTheCallersIsAPoolThreadOfTheSession() throws Exception {
    long one = threadsAddedBy(new SessionSettings(1, 0, GraphOptimization.ALL));
    long four = threadsAddedBy(new SessionSettings(4, 0, GraphOptimization.ALL));
    long fourAndThree = threadsAddedBy(new SessionSettings(4, 3, GraphOptimization.ALL));

    // ONNX Runtime 1.29 starts exactly 3 and 2; other versions may start more, never fewer.
    assertThat(four - one)
        .as("intra-op pool of 4: the caller and 3 threads")
        .isGreaterThanOrEqualTo(3);
    assertThat(fourAndThree - four)
        .as("inter-op pool of 3: the caller and 2 threads")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void threadCountsOutOfRangeAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new SessionSettings(-1, 0, GraphOptimization.ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gateway.intra-op-threads must be 0..1024 (0: ONNX Runtime's default), was -1");
    assertThatThrownBy(() -> new SessionSettings(0, 1025, GraphOptimization.ALL))
        .hasMessageStartingWith("gateway.inter-op-threads must be 0..1024");
  }

  @Test
  void graphOptimizationLevelsParseInAnyCaseAndUnknownOnesNameTheKey() {
    assertThat(GraphOptimization.parse("Extended", "gateway.graph-optimization"))
        .isEqualTo(GraphOptimization.EXTENDED);
    assertThat(GraphOptimization.parse("none", "gateway.graph-optimization"))
        .isEqualTo(GraphOptimization.NONE);
    assertThatThrownBy(() -> GraphOptimization.parse("fast", "gateway.graph-optimization"))
        .hasMessage(
            "gateway.graph-optimization must be one of none|basic|extended|all, was 'fast'");
  }
}
