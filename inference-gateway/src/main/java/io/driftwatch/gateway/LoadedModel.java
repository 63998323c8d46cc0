package io.driftwatch.gateway;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.UndecodableRecordException;
import io.driftwatch.schemas.repository.ModelDescriptor;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model version that loaded: its descriptor and its ONNX Runtime session, which it owns and
 * closes, and with dynamic batching on its {@link DynamicBatcher}. Thread-safe: any number of
 * requests run at once; {@link #close} waits up to a timeout for them to finish so a session is
 * never freed under a running inference.
 */
final class LoadedModel implements AutoCloseable {

  /** Name of the extra BYTES output holding a classifier's predicted class per row. */
  static final String LABEL_OUTPUT = "label";

  /** Platform name reported in model metadata, as Triton names ONNX models. */
  static final String PLATFORM = "onnxruntime_onnx";

  /** The reference profile's file name inside a version directory. */
  static final String PROFILE_FILE = "profile.avro";

  /** Element types a classifier's probabilities may have. */
  private static final Set<TensorDatatype> PROBABILITIES =
      Set.of(TensorDatatype.FP32, TensorDatatype.FP64, TensorDatatype.FP16, TensorDatatype.BF16);

  /**
   * Element types a classifier's output may have: {@link #PROBABILITIES}, or {@link
   * TensorElements#LABELS} for an output holding each row's class.
   */
  private static final Set<TensorDatatype> CLASSIFIER_OUTPUTS =
      Stream.concat(PROBABILITIES.stream(), TensorElements.LABELS.stream())
          .collect(Collectors.toUnmodifiableSet());

  private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

  private final String name;
  private final String version;
  private final ModelDescriptor descriptor;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String provider;
  private final TensorInfo input;
  private final TensorInfo output;
  private final TensorDatatype inputDatatype;
  private final TensorDatatype outputDatatype;
  private final byte[] referenceProfile;
  private final List<String> outputNames;

  /** Null when the output's one-row size is not fixed; closed with the session. */
  private final OneRowTensors oneRow;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;
  // Leases of requests routed here (guarded by leaseMonitor): counted from routing, not only
  // around predict, so a request that chose this version before it was retired still runs on it.
  private final Object leaseMonitor = new Object();
  private int leases;
  private boolean retiring;

  /** Null when batching is off. */
  private final DynamicBatcher batcher;

  private LoadedModel(
      String name,
      String version,
      ModelDescriptor descriptor,
      OrtEnvironment environment,
      SessionFactory.OpenedSession opened,
      TensorInfo input,
      TensorInfo output,
      byte[] referenceProfile,
      Batching batching) {
    this.name = name;
    this.version = version;
    this.descriptor = descriptor;
    this.environment = environment;
    this.session = opened.session();
    this.provider = opened.provider();
    this.input = input;
    this.output = output;
    this.inputDatatype = TensorDatatype.of(input.type);
    this.outputDatatype = TensorDatatype.of(output.type);
    this.referenceProfile = referenceProfile;
    this.outputNames =
        isClassifier()
            ? List.of(descriptor.outputName(), LABEL_OUTPUT)
            : List.of(descriptor.outputName());
    this.oneRow =
        OneRowTensors.of(
                environment,
                descriptor.inputName(),
                inputDatatype,
                descriptor.features().size(),
                descriptor.outputName(),
                output)
            .orElse(null);
    // Last, once every field the worker's predict calls read is set.
    this.batcher = batching.start(name, version, this::predict).orElse(null);
  }

  /**
   * Loads {@code <directory>/model.onnx} with {@code <directory>/descriptor.json} and checks that
   * the two agree (input and output names, feature and class counts), and that the gateway serves
   * the tensors' element types: an input of {@link TensorElements#INPUTS}, an output of {@link
   * TensorElements#OUTPUTS}; for a classifier, floating probabilities or its class per row (see
   * {@link #checkClassifierOutput}).
   *
   * @throws ModelLoadException naming what is missing or inconsistent, or the unserved type
   */
  static LoadedModel load(
      String name,
      String version,
      Path directory,
      OrtEnvironment environment,
      SessionFactory sessions)
      throws ModelLoadException {
    return load(name, version, directory, environment, sessions, Batching.off());
  }

  /** As {@link #load(String, String, Path, OrtEnvironment, SessionFactory)}, batching as told. */
  static LoadedModel load(
      String name,
      String version,
      Path directory,
      OrtEnvironment environment,
      SessionFactory sessions,
      Batching batching)
      throws ModelLoadException {
    ModelDescriptor descriptor = readDescriptor(directory);
    Path modelFile = directory.resolve("model.onnx");
    if (!Files.isRegularFile(modelFile)) {
      throw new ModelLoadException("missing " + modelFile);
    }
    SessionFactory.OpenedSession opened;
    try {
      opened = sessions.open(modelFile);
    } catch (OrtException e) {
      throw new ModelLoadException(
          "ONNX Runtime cannot load " + modelFile + ": " + e.getMessage(), e);
    }
    try {
      ServedTensors tensors = checkTensors(opened.session(), descriptor);
      TensorInfo input = tensors.input();
      TensorInfo output = tensors.output();
      byte[] profile = readReferenceProfile(directory, name, version);
      LOG.info(
          "loaded {} version {} on {} ({}, {})",
          name,
          version,
          opened.provider(),
          profile == null ? "no reference profile" : "reference profile " + profile.length + " B",
          batching.config().describe());
      return new LoadedModel(
          name, version, descriptor, environment, opened, input, output, profile, batching);
    } catch (OrtException | ModelLoadException e) {
      closeQuietly(opened.session());
      throw e instanceof ModelLoadException m
          ? m
          : new ModelLoadException("cannot inspect " + modelFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The descriptor's input and output tensors of {@code session}, checked as {@link #load} checks
   * them: present, of served element types, with the descriptor's feature count, text features
   * categorical, a classifier's output as {@link #checkClassifierOutput} says.
   *
   * @throws ModelLoadException naming what is missing or inconsistent, or the unserved type
   */
  static ServedTensors checkTensors(OrtSession session, ModelDescriptor descriptor)
      throws OrtException, ModelLoadException {
    TensorInfo input =
        tensor(session.getInputInfo(), descriptor.inputName(), "input", TensorElements.INPUTS);
    TensorInfo output =
        tensor(
            session.getOutputInfo(),
            descriptor.outputName(),
            "output",
            descriptor.task() == ModelDescriptor.Task.CLASSIFICATION
                ? CLASSIFIER_OUTPUTS
                : TensorElements.OUTPUTS);
    checkColumns(input, descriptor.features().size(), "input", "features");
    checkTextFeaturesAreCategorical(input, descriptor);
    if (descriptor.task() == ModelDescriptor.Task.CLASSIFICATION) {
      checkClassifierOutput(output, descriptor);
    }
    return new ServedTensors(input, output);
  }

  /**
   * The version's {@value #PROFILE_FILE} as published on {@code model-events}, or null when there
   * is none. A profile that is not an Avro single-object {@code ReferenceProfile} is left out with
   * a warning: the model still serves, only its drift cannot be measured.
   */
  private static byte[] readReferenceProfile(Path directory, String name, String version) {
    Path file = directory.resolve(PROFILE_FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      SingleObjectCodec.referenceProfiles().decode(bytes);
      return bytes;
    } catch (IOException | UndecodableRecordException e) {
      LOG.warn(
          "{} version {}: ignoring unreadable reference profile {}: {}",
          name,
          version,
          file,
          e.getMessage());
      return null;
    }
  }

  private static ModelDescriptor readDescriptor(Path directory) throws ModelLoadException {
    Path file = directory.resolve(ModelDescriptor.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException("missing " + file);
    }
    try {
      return ModelDescriptor.read(file);
    } catch (IOException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
  }

  private static TensorInfo tensor(
      Map<String, NodeInfo> nodes, String name, String role, Set<TensorDatatype> served)
      throws ModelLoadException {
    NodeInfo node = nodes.get(name);
    if (node == null) {
      throw new ModelLoadException(
          "the descriptor's "
              + role
              + " '"
              + name
              + "' is not in the model, which has "
              + nodes.keySet());
    }
    if (!(node.getInfo() instanceof TensorInfo info)) {
      throw new ModelLoadException(role + " '" + name + "' must be a tensor, is " + node.getInfo());
    }
    if (!served(info.type, served)) {
      throw new ModelLoadException(
          role
              + " '"
              + name
              + "' has element type "
              + info.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "")
              + ", which the gateway does not serve; it serves "
              + role
              + "s of "
              + served.stream().map(Enum::name).sorted().toList());
    }
    return info;
  }

  private static boolean served(OnnxJavaType type, Set<TensorDatatype> served) {
    try {
      return served.contains(TensorDatatype.of(type));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A STRING input's features can only be categories: refuses a descriptor that says otherwise. */
  private static void checkTextFeaturesAreCategorical(TensorInfo input, ModelDescriptor descriptor)
      throws ModelLoadException {
    if (TensorDatatype.of(input.type) != TensorDatatype.BYTES) {
      return;
    }
    List<String> numeric =
        descriptor.features().stream()
            .filter(f -> f.kind() == ModelDescriptor.Kind.NUMERIC)
            .map(ModelDescriptor.Feature::name)
            .toList();
    if (!numeric.isEmpty()) {
      throw new ModelLoadException(
          "input '"
              + descriptor.inputName()
              + "' is STRING, so every feature must be categorical; the descriptor has numeric "
              + numeric);
    }
  }

  /**
   * A classifier's output is either its probabilities, one column per class label, or its class per
   * row ({@link TensorElements#LABELS}, {@code [N]} or {@code [N, 1]}), whose integers must then be
   * what the class labels say in decimal; and it is not named {@value #LABEL_OUTPUT}, the output
   * the gateway adds.
   */
  private static void checkClassifierOutput(TensorInfo output, ModelDescriptor descriptor)
      throws ModelLoadException {
    if (descriptor.outputName().equals(LABEL_OUTPUT)) {
      throw new ModelLoadException(
          "a classifier's output cannot be named '"
              + LABEL_OUTPUT
              + "': the gateway adds a '"
              + LABEL_OUTPUT
              + "' output of the predicted classes; rename the model's output");
    }
    TensorDatatype datatype = TensorDatatype.of(output.type);
    if (!TensorElements.LABELS.contains(datatype)) {
      checkColumns(output, descriptor.classLabels().size(), "output", "class_labels");
      return;
    }
    long[] shape = output.getShape();
    if (shape.length == 0
        || shape.length > 2
        || (shape.length == 2 && shape[1] != 1 && shape[1] != -1)) {
      throw new ModelLoadException(
          "classifier output '"
              + descriptor.outputName()
              + "' is "
              + datatype
              + ", so it must hold one class per row, [N] or [N, 1]; its shape is "
              + Arrays.toString(shape)
              + " (probabilities must be floating)");
    }
    if (datatype != TensorDatatype.BYTES) {
      List<String> notIntegers =
          descriptor.classLabels().stream().filter(l -> !isDecimalInteger(l)).toList();
      if (!notIntegers.isEmpty()) {
        throw new ModelLoadException(
            "classifier output '"
                + descriptor.outputName()
                + "' holds each row's class as "
                + datatype
                + ", so the descriptor's class_labels must be those integers in decimal; "
                + notIntegers
                + " are not");
      }
    }
  }

  /** Whether {@code label} is an integer as {@link Long#toString} writes one. */
  private static boolean isDecimalInteger(String label) {
    try {
      return Long.toString(Long.parseLong(label)).equals(label);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void checkColumns(TensorInfo info, int expected, String role, String key)
      throws ModelLoadException {
    long[] shape = info.getShape();
    long columns = shape.length == 2 ? shape[1] : -2;
    if (columns != expected && columns != -1) {
      throw new ModelLoadException(
          role
              + " shape "
              + Arrays.toString(shape)
              + " does not match the descriptor's "
              + expected
              + " "
              + key);
    }
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("cannot close a session: {}", e.getMessage());
    }
  }

  String name() {
    return name;
  }

  String version() {
    return version;
  }

  ModelDescriptor descriptor() {
    return descriptor;
  }

  /** The serialized reference profile (Avro single-object {@code ReferenceProfile}), or null. */
  byte[] referenceProfile() {
    return referenceProfile == null ? null : referenceProfile.clone();
  }

  /** The execution provider the session runs on: {@code CUDA} or {@code CPU}. */
  String provider() {
    return provider;
  }

  /** How this version batches requests, empty when each runs the model on its own. */
  Optional<BatchingConfig> batching() {
    return batcher == null ? Optional.empty() : Optional.of(batcher.config());
  }

  /** The element type of the model's input tensor, one of {@link TensorElements#INPUTS}. */
  TensorDatatype inputDatatype() {
    return inputDatatype;
  }

  boolean isClassifier() {
    return descriptor.task() == ModelDescriptor.Task.CLASSIFICATION;
  }

  List<TensorMetadata> inputMetadata() {
    return List.of(metadata(descriptor.inputName(), input));
  }

  /** The model's output tensor, and for a classifier the {@value #LABEL_OUTPUT} BYTES output. */
  List<TensorMetadata> outputMetadata() {
    TensorMetadata values = metadata(descriptor.outputName(), output);
    if (!isClassifier()) {
      return List.of(values);
    }
    return List.of(values, new TensorMetadata(LABEL_OUTPUT, "BYTES", List.of(-1L)));
  }

  /** Names of the outputs a request may ask for, in {@link #outputMetadata} order. */
  List<String> outputNames() {
    return outputNames;
  }

  private static TensorMetadata metadata(String name, TensorInfo info) {
    return new TensorMetadata(
        name, TensorDatatype.of(info.type).name(), Arrays.stream(info.getShape()).boxed().toList());
  }

  /**
   * Answers a request's rows: through the version's dynamic batcher when batching is on, else as
   * {@link #predict}. With batching, {@link Prediction#computeNanos()} is the whole batch's time.
   *
   * @throws GatewayException 503 when the version is being unloaded or its batch queue is full, 500
   *     when ONNX Runtime fails or {@code features} were not built for {@link #inputDatatype()}
   */
  Prediction infer(FeatureMatrix features) {
    if (batcher == null) {
      return predict(features);
    }
    // Before batching, so a matrix of another element type never fails the others' batch.
    checkBuiltForThisModel(features);
    return batcher.predict(features);
  }

  private void checkBuiltForThisModel(FeatureMatrix features) {
    if (features.datatype() != inputDatatype) {
      throw GatewayException.internal(
          "model "
              + name
              + " version "
              + version
              + " takes "
              + inputDatatype
              + ", not "
              + features.datatype(),
          null);
    }
  }

  /**
   * Runs the model on every row, on the calling thread.
   *
   * @throws GatewayException 503 when the version is being unloaded, 500 when ONNX Runtime fails or
   *     {@code features} were not built for this model's {@link #inputDatatype()}
   */
  Prediction predict(FeatureMatrix features) {
    checkBuiltForThisModel(features);
    lock.readLock().lock();
    try {
      if (closed) {
        throw GatewayException.unavailable(
            "model " + name + " version " + version + " is being unloaded");
      }
      long start = System.nanoTime();
      Object values = run(features);
      long computeNanos = System.nanoTime() - start;
      long[] shape = outputShape(features.rows(), Array.getLength(values));
      return new Prediction(
          new Prediction.OutputTensor(descriptor.outputName(), shape, outputDatatype, values),
          descriptor.classLabels(),
          computeNanos);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The output's values as {@link TensorElements#output} reads them; a one-row run uses reusable
   * tensors ({@link OneRowTensors}) when one pair is free.
   */
  private Object run(FeatureMatrix features) {
    try {
      OneRowTensors.Pair pinned = features.rows() == 1 && oneRow != null ? oneRow.take() : null;
      if (pinned == null) {
        return runAllocating(features);
      }
      try {
        return pinned.run(session, features);
      } finally {
        oneRow.give(pinned);
      }
    } catch (OrtException e) {
      throw GatewayException.internal(
          "model " + name + " version " + version + " failed: " + e.getMessage(), e);
    }
  }

  /** As {@link #run}, on tensors made for this call. */
  private Object runAllocating(FeatureMatrix features) throws OrtException {
    try (OnnxTensor tensor = features.toTensor(environment);
        OrtSession.Result result =
            session.run(Map.of(descriptor.inputName(), tensor), Set.of(descriptor.outputName()))) {
      OnnxValue value =
          result
              .get(descriptor.outputName())
              .orElseThrow(() -> new OrtException("no output " + descriptor.outputName()));
      return TensorElements.output((OnnxTensor) value, outputDatatype);
    }
  }

  private long[] outputShape(int rows, int values) {
    if (values % rows != 0) {
      throw GatewayException.internal(
          "model " + name + " returned " + values + " values for " + rows + " rows", null);
    }
    int columns = values / rows;
    if (isClassifier() && TensorElements.LABELS.contains(outputDatatype)) {
      if (columns != 1) {
        throw GatewayException.internal(
            "model " + name + " returned " + columns + " classes per row, not 1", null);
      }
    } else if (isClassifier() && columns != descriptor.classLabels().size()) {
      throw GatewayException.internal(
          "model "
              + name
              + " returned "
              + columns
              + " columns for "
              + descriptor.classLabels().size()
              + " classes",
          null);
    }
    return output.getShape().length == 1 ? new long[] {rows} : new long[] {rows, columns};
  }

  /**
   * Takes a lease for one routed request, so {@link #close} waits for it; false once the version is
   * being retired (the caller routes again). Every successful call needs one {@link #release}.
   */
  boolean tryAcquire() {
    synchronized (leaseMonitor) {
      if (retiring) {
        return false;
      }
      leases++;
      return true;
    }
  }

  /** Returns a lease taken by {@link #tryAcquire}. */
  void release() {
    synchronized (leaseMonitor) {
      leases--;
      if (leases == 0) {
        leaseMonitor.notifyAll();
      }
    }
  }

  /** Refuses new leases and waits until held ones are returned; false when {@code deadline} hit. */
  private boolean retire(long deadlineNanos) throws InterruptedException {
    synchronized (leaseMonitor) {
      retiring = true;
      long left;
      while (leases > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(leaseMonitor, left);
      }
      return leases == 0;
    }
  }

  /**
   * Closes the session once leased requests and running inferences finish, waiting at most {@code
   * timeout} in all; if they do not finish in time the session is left open rather than freed under
   * them.
   */
  void close(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (batcher != null) {
      batcher.drain();
    }
    try {
      boolean idle = retire(deadline);
      if (idle && batcher != null) {
        // No request holds a lease any more, so none is queued: stop the worker before the
        // session it runs on goes away.
        batcher.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
      if (!idle
          || !lock.writeLock()
              .tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        LOG.warn(
            "{} version {} still busy after {}; leaving its session open", name, version, timeout);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (!closed) {
        closed = true;
        if (oneRow != null) {
          oneRow.close();
        }
        closeQuietly(session);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
