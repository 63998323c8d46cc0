package io.driftwatch.local;

import io.driftwatch.retraining.RetrainingConfig;
import io.driftwatch.retraining.RetrainingReceiver;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftwatch retrain}: the retraining receiver, until Ctrl-C. */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description = {
      "Receives the monitoring job's Alertmanager-style webhooks (POST /webhook), retrains the"
          + " demo model from recent labeled traffic in Kafka when a trigger rule fires, writes the"
          + " new version into the model repository and asks the gateway to load it; with"
          + " --auto-rollback, rolls a recently promoted champion back on a critical quality alert."
          + " GET /status lists recent decisions, GET /health answers 200."
    })
final class RetrainCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model-repository",
      required = true,
      description = "Triton-layout model repository new versions are written into.")
  Path modelRepository;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8095",
      description = "HTTP port of the receiver (${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--secret",
      description = "HMAC-SHA256 secret: webhooks must carry a matching X-Driftwatch-Signature.")
  String secret;

  @Option(
      names = "--secret-file",
      description = "File holding the secret (trailing newline ignored); instead of --secret.")
  Path secretFile;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "1048576",
      description = "Largest webhook body accepted; 413 above (${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(
      names = "--trigger-rules",
      split = ",",
      defaultValue = "feature_drift,dataset_drift,accuracy_drop,concept_drift",
      description = "Alert rules whose firing alerts trigger a retrain (${DEFAULT-VALUE}).")
  List<String> triggerRules;

  @Option(
      names = "--cooldown",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "At most one retrain per model per this long (${DEFAULT-VALUE}).")
  Duration cooldown;

  @Option(
      names = "--queue-capacity",
      defaultValue = "16",
      description =
          "Models with pending work at most; beyond that webhooks get 503 + Retry-After"
              + " (${DEFAULT-VALUE}).")
  int queueCapacity;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--predictions-topic",
      defaultValue = "predictions",
      description = "Topic of prediction events (${DEFAULT-VALUE}).")
  String predictionsTopic;

  @Option(
      names = "--labels-topic",
      defaultValue = "labels",
      description = "Topic of ground-truth labels (${DEFAULT-VALUE}).")
  String labelsTopic;

  @Option(
      names = "--lookback",
      defaultValue = "30m",
      converter = DurationConverter.class,
      description = "How much recent traffic to train on (${DEFAULT-VALUE}).")
  Duration lookback;

  @Option(
      names = "--max-records",
      defaultValue = "200000",
      description = "Records read per topic at most, the most recent ones (${DEFAULT-VALUE}).")
  int maxRecords;

  @Option(
      names = "--min-samples",
      defaultValue = "200",
      description = "Joined prediction+label rows needed to retrain (${DEFAULT-VALUE}).")
  int minSamples;

  @Option(names = "--seed", defaultValue = "42", description = "Training seed (${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--gateway-url",
      defaultValue = "http://127.0.0.1:8080",
      description = "Gateway asked to load new versions and to roll back (${DEFAULT-VALUE}).")
  URI gatewayUrl;

  @Option(
      names = "--gateway-timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Per gateway call (${DEFAULT-VALUE}).")
  Duration gatewayTimeout;

  @Option(
      names = "--gateway-token-file",
      description =
          "File holding the bearer token sent to the gateway's admin endpoints (load, traffic,"
              + " rollback), for a gateway started with --admin-tokens-file; trailing newline"
              + " ignored.")
  Path gatewayTokenFile;

  @Option(
      names = "--auto-rollback",
      description =
          "Roll back a champion that started within --rollback-window when a critical alert of a"
              + " --rollback-rules rule fires on it (off by default).")
  boolean autoRollback;

  @Option(
      names = "--rollback-rules",
      split = ",",
      defaultValue = "accuracy_drop",
      description = "Quality rules whose critical alerts may roll back (${DEFAULT-VALUE}).")
  List<String> rollbackRules;

  @Option(
      names = "--rollback-window",
      defaultValue = "30m",
      converter = DurationConverter.class,
      description =
          "How recently the champion must have started to be rolled back (${DEFAULT-VALUE}).")
  Duration rollbackWindow;

  @Option(
      names = "--status-limit",
      defaultValue = "100",
      description = "Decisions listed by GET /status (${DEFAULT-VALUE}).")
  int statusLimit;

  @Override
  public Integer call() throws Exception {
    RetrainingConfig config = config();
    PrintWriter out = spec.commandLine().getOut();
    try (ShutdownSignal shutdown = ShutdownSignal.install("retrain");
        RetrainingReceiver receiver = start(config)) {
      out.printf(
          "Retraining receiver on http://%s:%d/webhook (GET /status, /health); model repository"
              + " %s, gateway %s, Kafka %s%s%s. Ctrl-C stops.%n",
          host,
          receiver.port(),
          config.modelRepository(),
          config.gatewayUrl(),
          config.bootstrapServers(),
          config.secret() == null ? ", unsigned webhooks accepted" : ", signed webhooks only",
          config.autoRollback() ? ", auto-rollback on" : "");
      out.flush();
      shutdown.awaitRequest();
    }
    return 0;
  }

  private RetrainingReceiver start(RetrainingConfig config) throws IOException {
    try {
      return RetrainingReceiver.start(config, Clock.systemUTC());
    } catch (BindException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--port "
              + port
              + ": cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + ")");
    }
  }

  private RetrainingConfig config() throws IOException {
    if (!Files.isDirectory(modelRepository)) {
      throw bad("--model-repository " + modelRepository + " is not a directory");
    }
    if (secret != null && secretFile != null) {
      throw bad("--secret and --secret-file: give only one");
    }
    String key = secretFile != null ? readSecret("--secret-file", secretFile) : secret;
    String gatewayToken =
        gatewayTokenFile != null ? readSecret("--gateway-token-file", gatewayTokenFile) : null;
    try {
      return new RetrainingConfig(
          host,
          port,
          key,
          maxBodyBytes,
          new LinkedHashSet<>(triggerRules),
          cooldown,
          queueCapacity,
          bootstrapServers,
          predictionsTopic,
          labelsTopic,
          lookback,
          maxRecords,
          minSamples,
          seed,
          modelRepository.toAbsolutePath(),
          gatewayUrl,
          gatewayTimeout,
          gatewayToken,
          autoRollback,
          new LinkedHashSet<>(rollbackRules),
          rollbackWindow,
          statusLimit);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  /** The content of a one-line secret file, trailing newline and spaces stripped. */
  private String readSecret(String option, Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw bad(option + " " + file + " is not a readable file");
    }
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  private CommandLine.ParameterException bad(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
