package io.driftwatch.gateway;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reusable input and output tensors for one-row runs of one session, each backed by a direct
 * buffer: the row is written into the input's buffer and ONNX Runtime writes its answer into the
 * pinned output's, so a one-row request allocates no native tensor and ONNX Runtime does not
 * describe a new output to Java. For the demo model that halves the cost of a model call (about 4.5
 * → 2.2 µs measured single-threaded here).
 *
 * <p>At most {@value #CAPACITY} pairs exist, made on first need and kept until {@link #close}; a
 * run that finds every pair in use is told so ({@link #take} returns null) and allocates its
 * tensors as a request of several rows does. Thread-safe; the owner must not close it while a pair
 * is taken (the {@link LoadedModel} that owns it closes it under its write lock).
 */
final class OneRowTensors implements AutoCloseable {

  /** Most pairs kept: enough for every Jetty thread at the benchmark's highest concurrency. */
  static final int CAPACITY = 64;

  private final OrtEnvironment environment;
  private final String inputName;
  private final String outputName;
  private final TensorDatatype inputDatatype;
  private final TensorDatatype outputDatatype;
  private final long[] inputShape;
  private final long[] outputShape;
  private final int inputValues;
  private final int outputValues;
  private final ArrayBlockingQueue<Pair> idle = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicInteger made = new AtomicInteger();

  private OneRowTensors(
      OrtEnvironment environment,
      String inputName,
      TensorDatatype inputDatatype,
      int columns,
      String outputName,
      TensorDatatype outputDatatype,
      long[] outputShape) {
    this.environment = environment;
    this.inputName = inputName;
    this.outputName = outputName;
    this.inputDatatype = inputDatatype;
    this.outputDatatype = outputDatatype;
    this.inputShape = new long[] {1, columns};
    this.outputShape = outputShape;
    this.inputValues = columns;
    this.outputValues = Math.toIntExact(Arrays.stream(outputShape).reduce(1, Math::multiplyExact));
  }

  /**
   * Tensors for a model with input {@code [N, columns]} of {@code inputDatatype} and {@code
   * output}; empty when the output's size for one row is not known before a run (a dynamic
   * dimension other than the first) or the input or output is STRING (no buffer holds strings), so
   * only the allocating path can serve it.
   */
  static Optional<OneRowTensors> of(
      OrtEnvironment environment,
      String inputName,
      TensorDatatype inputDatatype,
      int columns,
      String outputName,
      TensorInfo output) {
    long[] shape = output.getShape().clone();
    if (shape.length == 0
        || shape[0] > 1
        || inputDatatype == TensorDatatype.BYTES
        || TensorDatatype.of(output.type) == TensorDatatype.BYTES) {
      return Optional.empty();
    }
    shape[0] = 1;
    for (long dimension : shape) {
      if (dimension < 1) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new OneRowTensors(
            environment,
            inputName,
            inputDatatype,
            columns,
            outputName,
            TensorDatatype.of(output.type),
            shape));
  }

  /** An idle pair, a new one while fewer than {@value #CAPACITY} exist, else null. */
  Pair take() throws OrtException {
    Pair pair = idle.poll();
    if (pair != null) {
      return pair;
    }
    if (made.getAndIncrement() >= CAPACITY) {
      made.decrementAndGet();
      return null;
    }
    try {
      return new Pair();
    } catch (OrtException | RuntimeException e) {
      made.decrementAndGet();
      throw e;
    }
  }

  /** Returns a pair from {@link #take} once its run is over. */
  void give(Pair pair) {
    if (!idle.offer(pair)) {
      pair.close(); // cannot happen: no more than CAPACITY pairs are made
    }
  }

  /** How many pairs exist, idle or taken. */
  int made() {
    return made.get();
  }

  /** Frees the idle pairs; see the class comment. */
  @Override
  public void close() {
    Pair pair;
    while ((pair = idle.poll()) != null) {
      pair.close();
      made.decrementAndGet();
    }
  }

  /** One input and one output tensor, used by one run at a time. */
  final class Pair implements AutoCloseable {

    private final ByteBuffer inputBuffer;
    private final ByteBuffer outputBuffer;
    private final OnnxTensor input;
    private final OnnxTensor output;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    private Pair() throws OrtException {
      inputBuffer = TensorElements.direct(inputValues * TensorElements.size(inputDatatype));
      outputBuffer = TensorElements.direct(outputValues * TensorElements.size(outputDatatype));
      input =
          OnnxTensor.createTensor(environment, inputBuffer, inputShape, inputDatatype.javaType());
      try {
        output =
            OnnxTensor.createTensor(
                environment, outputBuffer, outputShape, outputDatatype.javaType());
      } catch (OrtException e) {
        input.close();
        throw e;
      }
      inputs = Map.of(inputName, input);
      outputs = Map.of(outputName, output);
    }

    /**
     * Runs {@code session} on {@code row}, a one-row matrix built for the model's input type, and
     * returns the output's values as {@link TensorElements#output} would.
     */
    Object run(OrtSession session, FeatureMatrix row) throws OrtException {
      row.writeTo(inputBuffer);
      // The result holds only the pinned output, which it does not own: closing it frees nothing.
      session.run(inputs, Set.of(), outputs).close();
      return TensorElements.read(outputDatatype, outputBuffer, outputValues);
    }

    @Override
    public void close() {
      input.close();
      output.close();
    }
  }
}
