package io.driftwatch.benchmarks.gateway;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ONNX Runtime call of {@link MlpModel} on {@code rows} rows, single-threaded, without HTTP:
 * what dynamic batching can save on the model call alone (divide the time per call by {@code rows}
 * for the time per row). The session is built as the gateway builds it (all graph optimizations, no
 * spinning), with ONNX Runtime's default intra-op threads or one. Run (after {@code mvn -B package
 * -DskipTests}) with {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main
 * MlpCallBenchmark}; about 1.5 min.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MlpCallBenchmark {

  @Param({"1", "4", "16", "64"})
  int rows;

  /** ONNX Runtime intra-op threads; 0 = its default (one per core). */
  @Param({"0", "1"})
  int intraOpThreads;

  private OrtEnvironment environment;
  private OrtSession session;
  private float[] values;
  private long[] shape;

  @Setup(Level.Trial)
  public void openSession() throws OrtException {
    environment = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    if (intraOpThreads > 0) {
      options.setIntraOpNumThreads(intraOpThreads);
    }
    session = environment.createSession(MlpModel.onnx(42), options);
    Random random = new Random(1);
    values = new float[rows * MlpModel.INPUTS];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    shape = new long[] {rows, MlpModel.INPUTS};
  }

  @TearDown(Level.Trial)
  public void closeSession() throws OrtException {
    session.close();
  }

  @Benchmark
  public float call() throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
        OrtSession.Result result = session.run(Map.of("input", input))) {
      return ((float[][]) result.get(0).getValue())[0][0];
    }
  }
}
