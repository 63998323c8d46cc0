package io.driftwatch.local;

import io.driftwatch.gateway.AccessControl;
import io.driftwatch.gateway.BatchingConfig;
import io.driftwatch.gateway.Device;
import io.driftwatch.gateway.GatewayConfig;
import io.driftwatch.gateway.GatewayOperations;
import io.driftwatch.gateway.GraphOptimization;
import io.driftwatch.gateway.InferenceGateway;
import io.driftwatch.gateway.ModelLifecycle;
import io.driftwatch.gateway.Redaction;
import io.driftwatch.gateway.SessionSettings;
import io.driftwatch.gateway.VersionPolicy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftwatch gateway}: serves a model repository until Ctrl-C. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a Triton-layout model repository (<repo>/<model>/<version>/model.onnx +"
          + " descriptor.json) over Open Inference Protocol v2 and logs every prediction to Kafka."
    })
final class GatewayCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model-repository", required = true, description = "Model repository.")
  Path modelRepository;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (${DEFAULT-VALUE}).")
  String kafka;

  @Option(
      names = "--predictions-topic",
      defaultValue = "predictions",
      description = "Topic for prediction events (${DEFAULT-VALUE}).")
  String predictionsTopic;

  @Option(
      names = "--labels-topic",
      defaultValue = "labels",
      description = "Topic for ground-truth labels (${DEFAULT-VALUE}).")
  String labelsTopic;

  @Option(
      names = "--model-events-topic",
      defaultValue = "model-events",
      description = "Compacted topic for model-version events (${DEFAULT-VALUE}).")
  String modelEventsTopic;

  @Option(
      names = "--device",
      defaultValue = "AUTO",
      description = "Execution provider: ${COMPLETION-CANDIDATES} (${DEFAULT-VALUE}).")
  Device device;

  @Option(
      names = "--repository-poll-interval",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Rescan the repository this often for new, changed and removed versions, like Triton's"
              + " --repository-poll-secs; 0s turns polling off (${DEFAULT-VALUE}).")
  Duration repositoryPollInterval;

  @Option(
      names = "--default-version-policy",
      defaultValue = "latest:2",
      description =
          "Versions loaded for a model whose config.json or config.pbtxt sets no version_policy:"
              + " latest:N, all or specific:V1,V2 (${DEFAULT-VALUE}: the previous version stays"
              + " loaded for an instant rollback).")
  String defaultVersionPolicy;

  @Option(
      names = "--shadow-queue-capacity",
      defaultValue = "" + ModelLifecycle.DEFAULT_SHADOW_QUEUE_CAPACITY,
      description =
          "Shadow copies waiting to be scored before new ones are dropped (${DEFAULT-VALUE}).")
  int shadowQueueCapacity;

  @Option(
      names = "--max-batch-size",
      defaultValue = "1",
      description =
          "Dynamic batching: most rows per model call; 1 turns batching off. The default of"
              + " every model whose config.json or config.pbtxt sets no batching of its own"
              + " (${DEFAULT-VALUE}).")
  int maxBatchSize;

  @Option(
      names = "--max-queue-delay-us",
      defaultValue = "0",
      description =
          "Dynamic batching: longest a request waits for its batch to fill, microseconds;"
              + " 0 batches what is queued when the model is free (${DEFAULT-VALUE}).")
  long maxQueueDelayMicros;

  @Option(
      names = "--max-queue-size",
      defaultValue = "1024",
      description =
          "Dynamic batching: requests queued per model version before 503 (${DEFAULT-VALUE}).")
  int maxQueueSize;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "" + GatewayConfig.DEFAULT_MAX_BODY_BYTES,
      description = "Largest request body accepted, bytes; larger ones get 413 (${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(
      names = "--prediction-log-capacity",
      defaultValue = "" + GatewayConfig.DEFAULT_PREDICTION_LOG_CAPACITY,
      description =
          "Prediction events (one per answered row, one per refusal) the in-memory log holds while"
              + " Kafka is slow or down; beyond it new events are dropped and counted"
              + " (${DEFAULT-VALUE}).")
  int predictionLogCapacity;

  @Option(
      names = "--no-prediction-log",
      description = "Do not log predictions to Kafka (feedback and model events still are).")
  boolean noPredictionLog;

  @Option(
      names = "--inference-tokens-file",
      paramLabel = "FILE",
      description =
          "Bearer tokens (one a line, # comments) that open infer, metadata and feedback; without"
              + " it those stay open.")
  Path inferenceTokensFile;

  @Option(
      names = "--admin-tokens-file",
      paramLabel = "FILE",
      description =
          "Bearer tokens that open /v2/repository/... (index, load, unload, traffic, rollback);"
              + " without it those stay open.")
  Path adminTokensFile;

  @Option(
      names = "--metrics-tokens-file",
      paramLabel = "FILE",
      description = "Bearer tokens that open /metrics; without it /metrics stays open.")
  Path metricsTokensFile;

  @Option(
      names = "--redact-features",
      split = ",",
      paramLabel = "NAME",
      description = "Features left out of prediction events (and error messages' values).")
  List<String> redactFeatures = List.of();

  @Option(
      names = "--hash-features",
      split = ",",
      paramLabel = "NAME",
      description =
          "Categorical features logged as hex SHA-256(salt + value); numeric ones are left out.")
  List<String> hashFeatures = List.of();

  @Option(
      names = "--hash-salt-file",
      paramLabel = "FILE",
      description = "File holding the salt of --hash-features (at least 16 characters).")
  Path hashSaltFile;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "0",
      description = "ONNX Runtime threads per operator; 0 is its default (${DEFAULT-VALUE}).")
  int intraOpThreads;

  @Option(
      names = "--inter-op-threads",
      defaultValue = "0",
      description =
          "ONNX Runtime threads across operators; above 1 runs the graph in parallel mode"
              + " (${DEFAULT-VALUE}).")
  int interOpThreads;

  @Option(
      names = "--graph-optimization",
      defaultValue = "all",
      description = "ONNX Runtime graph optimisation: none|basic|extended|all (${DEFAULT-VALUE}).")
  String graphOptimization;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(modelRepository)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--model-repository " + modelRepository + " is not a directory");
    }
    ModelLifecycle lifecycle;
    try {
      lifecycle =
          new ModelLifecycle(
              repositoryPollInterval,
              VersionPolicy.parse(defaultVersionPolicy, "--default-version-policy"),
              shadowQueueCapacity);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    BatchingConfig batching;
    try {
      batching = new BatchingConfig(maxBatchSize, maxQueueDelayMicros, maxQueueSize);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), e.getMessage().replace("gateway.", "--"));
    }
    GatewayOperations operations = operations();
    GatewayConfig config;
    try {
      config =
          new GatewayConfig(
              host,
              port,
              modelRepository.toAbsolutePath(),
              kafka,
              predictionsTopic,
              labelsTopic,
              modelEventsTopic,
              predictionLogCapacity,
              maxBodyBytes,
              device,
              lifecycle,
              !noPredictionLog,
              batching);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), e.getMessage().replace("gateway.", "--"));
    }
    PrintWriter out = spec.commandLine().getOut();
    try (ShutdownSignal shutdown = ShutdownSignal.install("gateway");
        InferenceGateway gateway = InferenceGateway.start(config, operations, Clock.systemUTC())) {
      out.printf(
          "Gateway serving %s on http://%s:%d/v2 (Kafka %s). Ctrl-C stops.%n",
          config.modelRepository(), host, gateway.port(), kafka);
      out.flush();
      shutdown.awaitRequest();
    }
    return 0;
  }

  /** Tokens, salt and session settings, every error naming its option. */
  private GatewayOperations operations() {
    try {
      return new GatewayOperations(
          AccessControl.fromFiles(
              Optional.ofNullable(inferenceTokensFile),
              Optional.ofNullable(adminTokensFile),
              Optional.ofNullable(metricsTokensFile)),
          new Redaction(
              new HashSet<>(redactFeatures),
              new HashSet<>(hashFeatures),
              Redaction.readSalt(Optional.ofNullable(hashSaltFile), "gateway.hash-salt-file")),
          new SessionSettings(
              intraOpThreads,
              interOpThreads,
              GraphOptimization.parse(graphOptimization, "gateway.graph-optimization")));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), e.getMessage().replace("gateway.", "--"));
    }
  }
}
