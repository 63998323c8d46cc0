package io.driftwatch.local;

import io.driftwatch.gateway.BatchingConfig;
import io.driftwatch.gateway.Device;
import io.driftwatch.gateway.GatewayConfig;
import io.driftwatch.gateway.InferenceGateway;
import io.driftwatch.gateway.ModelLifecycle;
import io.driftwatch.gateway.VersionPolicy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
          "Versions loaded for a model whose config.json sets no version_policy: latest:N, all or"
              + " specific:V1,V2 (${DEFAULT-VALUE}: the previous version stays loaded for an"
              + " instant rollback).")
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
          "Dynamic batching: most rows per model call; 1 turns batching off (${DEFAULT-VALUE}).")
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
      names = "--no-prediction-log",
      description = "Do not log predictions to Kafka (feedback and model events still are).")
  boolean noPredictionLog;

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
    GatewayConfig config =
        new GatewayConfig(
            host,
            port,
            modelRepository.toAbsolutePath(),
            kafka,
            predictionsTopic,
            labelsTopic,
            modelEventsTopic,
            GatewayConfig.defaults(modelRepository, kafka).predictionLogCapacity(),
            GatewayConfig.defaults(modelRepository, kafka).maxBodyBytes(),
            device,
            lifecycle,
            !noPredictionLog,
            batching);
    PrintWriter out = spec.commandLine().getOut();
    try (ShutdownSignal shutdown = ShutdownSignal.install("gateway");
        InferenceGateway gateway = InferenceGateway.start(config, Clock.systemUTC())) {
      out.printf(
          "Gateway serving %s on http://%s:%d/v2 (Kafka %s). Ctrl-C stops.%n",
          config.modelRepository(), host, gateway.port(), kafka);
      out.flush();
      shutdown.awaitRequest();
    }
    return 0;
  }
}
