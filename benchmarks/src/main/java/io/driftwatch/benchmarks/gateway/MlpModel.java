package io.driftwatch.benchmarks.gateway;

import ai.onnx.proto.OnnxMl;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.ModelRepositoryWriter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A two-class multilayer perceptron {@code 64 → 512 → 512 → 2} (ReLU hidden layers, softmax output)
 * with seeded random weights, built with Tribuo's ONNX graph code: a model whose cost per call is
 * dominated by matrix products, so batching rows pays, unlike the demo model's tiny logistic
 * regression. Its weights mean nothing; its answers are deterministic per seed.
 *
 * <p>Input {@code input: float32 [N, 64]}, output {@code output: float32 [N, 2]} (class
 * probabilities of labels {@code a} and {@code b}); ONNX opset 13.
 */
public final class MlpModel {

  /** Model name in the repository. */
  public static final String NAME = "mlp";

  /** Input width. */
  public static final int INPUTS = 64;

  /** Width of each hidden layer. */
  public static final int HIDDEN = 512;

  private static final List<String> CLASSES = List.of("a", "b");

  /** The two opset-13 operators Tribuo 4.3's {@link ONNXOperators} does not list. */
  private enum DenseOperators implements ONNXOperator {
    MATMUL("MatMul", 2),
    RELU("Relu", 1);

    private final String opName;
    private final int inputs;

    DenseOperators(String opName, int inputs) {
      this.opName = opName;
      this.inputs = inputs;
    }

    @Override
    public String getOpName() {
      return opName;
    }

    @Override
    public int getNumInputs() {
      return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
      return 0;
    }

    @Override
    public int getNumOutputs() {
      return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
      return Map.of();
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
      return Set.of();
    }

    @Override
    public int getOpVersion() {
      return ONNXOperators.getOpsetVersion();
    }

    @Override
    public String getOpDomain() {
      return ONNXOperators.ADD.getOpDomain();
    }
  }

  private MlpModel() {}

  /** The serialized {@code ModelProto} with weights drawn from N(0, 2 / fan-in) by {@code seed}. */
  public static byte[] onnx(long seed) {
    Random random = new Random(seed);
    ONNXContext context = new ONNXContext();
    context.setName("mlp-64-512-512-2");
    ONNXPlaceholder input = context.floatInput("input", INPUTS);
    ONNXPlaceholder output = context.floatOutput("output", CLASSES.size());
    ONNXRef<?> hidden1 = dense(context, input, INPUTS, HIDDEN, "layer1", random, true);
    ONNXRef<?> hidden2 = dense(context, hidden1, HIDDEN, HIDDEN, "layer2", random, true);
    ONNXRef<?> logits = dense(context, hidden2, HIDDEN, CLASSES.size(), "layer3", random, false);
    logits.apply(ONNXOperators.SOFTMAX, Map.of("axis", 1)).assignTo(output);
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(7)
        .setProducerName("driftwatch-benchmarks")
        .setDomain("io.driftwatch")
        .setModelVersion(1)
        .addOpsetImport(ONNXOperators.getOpsetProto())
        .setGraph(context.buildGraph())
        .build()
        .toByteArray();
  }

  private static ONNXRef<?> dense(
      ONNXContext context,
      ONNXRef<?> in,
      int fanIn,
      int fanOut,
      String name,
      Random random,
      boolean relu) {
    double scale = Math.sqrt(2.0 / fanIn);
    ONNXInitializer weights =
        context.floatTensor(
            name + "_weights", List.of(fanIn, fanOut), buffer -> fill(buffer, random, scale));
    ONNXInitializer bias =
        context.floatTensor(name + "_bias", List.of(fanOut), buffer -> fill(buffer, random, 0.1));
    ONNXRef<?> affine = in.apply(DenseOperators.MATMUL, weights).apply(ONNXOperators.ADD, bias);
    return relu ? affine.apply(DenseOperators.RELU) : affine;
  }

  private static void fill(FloatBuffer buffer, Random random, double scale) {
    while (buffer.hasRemaining()) {
      buffer.put((float) (random.nextGaussian() * scale));
    }
  }

  /** Its descriptor: 64 numeric features {@code x00 … x63}, classes {@code a} and {@code b}. */
  public static ModelDescriptor descriptor(long seed) {
    return new ModelDescriptor(
        ModelDescriptor.Task.CLASSIFICATION,
        "input",
        "output",
        IntStream.range(0, INPUTS)
            .mapToObj(
                i ->
                    new ModelDescriptor.Feature(
                        String.format("x%02d", i), ModelDescriptor.Kind.NUMERIC))
            .toList(),
        CLASSES,
        Map.of("seed", Long.toString(seed), "architecture", "64-512-512-2 relu softmax"));
  }

  /** Writes {@value #NAME} version 1 (no reference profile) into {@code repository}. */
  public static Path writeRepository(Path repository, long seed) throws IOException {
    return new ModelRepositoryWriter(repository)
        .write(NAME, "1", onnx(seed), null, descriptor(seed));
  }
}
