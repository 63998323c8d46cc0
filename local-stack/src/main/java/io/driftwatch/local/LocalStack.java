package io.driftwatch.local;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.embedded.InfluxdServer;
import io.driftwatch.flink.MonitorConfig;
import io.driftwatch.gateway.GatewayConfig;
import io.driftwatch.gateway.InferenceGateway;
import io.driftwatch.retraining.DecisionLog;
import io.driftwatch.retraining.RetrainingConfig;
import io.driftwatch.retraining.RetrainingReceiver;
import io.driftwatch.training.DemoModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine: in-process Kafka (KRaft), a real {@code influxd}, the inference
 * gateway serving a model repository, the retraining receiver, and the monitoring job on a Flink
 * MiniCluster whose alert webhooks go to the receiver (signed with a secret generated per start).
 * So the loop closes: drifted traffic → alerts → webhook → retrained version in the repository →
 * the gateway loads and serves it → the old version's alerts resolve. Started in that order (the
 * receiver before the job that calls it) and closed in reverse.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  /** InfluxDB database the monitoring job writes (PRODUCT.md). */
  public static final String DATABASE = "driftwatch";

  /**
   * Rules whose alerts make the stack's receiver retrain: the model-level, multiplicity-corrected
   * dataset drift and the accuracy drop. Per-feature drift and concept-drift detectors also fire
   * now and then on undrifted traffic, and a retrain they caused would hold the cooldown when the
   * real drift comes.
   */
  static final Set<String> RETRAIN_TRIGGERS = Set.of("dataset_drift", "accuracy_drop");

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final LocalStackConfig config;
  private final Topics topics = Topics.defaults();
  private EmbeddedKafka kafka;
  private InfluxdServer influxd;
  private InferenceGateway gateway;
  private FlinkLocalCluster flink;
  private RetrainingReceiver receiver;
  private Path modelRepository;

  private LocalStack(LocalStackConfig config) {
    this.config = config;
  }

  /** Starts every part; on any failure closes what had started and rethrows. */
  public static LocalStack start(LocalStackConfig config, Clock clock) throws Exception {
    LocalStack stack = new LocalStack(config);
    try {
      stack.startParts(clock);
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startParts(Clock clock) throws Exception {
    Path work = config.workDir();
    Files.createDirectories(work);

    influxd = track(InfluxdServer.start(fresh(work.resolve("influxdb")), config.influxPort()));
    LOG.info("influxd serving at {}", influxd.url());

    kafka = track(EmbeddedKafka.start(fresh(work.resolve("kafka")), config.kafkaPort()));
    kafka.createTopics(Topics.PARTITIONS, topics.streams().toArray(String[]::new));
    kafka.createTopic(topics.modelEvents(), 1, Map.of("cleanup.policy", "compact"));
    LOG.info("Kafka broker at {}", kafka.bootstrapServers());

    modelRepository = config.modelRepository();
    if (modelRepository == null) {
      // The demo model's directory fresh too: a version an earlier run retrained would otherwise
      // be champion from the start. Only that directory, whatever else the repository holds.
      modelRepository = work.resolve("model-repository");
      fresh(modelRepository.resolve(DemoModel.NAME));
      DemoModel.writeRepository(modelRepository);
    }
    gateway =
        track(
            InferenceGateway.start(
                GatewayConfig.defaults(modelRepository, kafka.bootstrapServers())
                    .withPort(config.gatewayPort()),
                clock));

    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String secret = HexFormat.of().formatHex(key);
    receiver = track(RetrainingReceiver.start(retraining(secret), clock));
    LOG.info("retraining receiver at {}", retrainUrl());

    MonitorConfig monitor =
        MonitorConfig.fromArgs(
            new String[] {
              "--bootstrap-servers=" + kafka.bootstrapServers(),
              "--predictions-topic=" + topics.predictions(),
              "--starting-offsets=earliest",
              "--influx-url=" + influxd.url(),
              "--influx-database=" + DATABASE,
              "--serving-window=" + config.servingWindow().toMillis() + "ms",
              "--idle-timeout=" + config.idleTimeout().toMillis() + "ms",
              "--model-events-topic=" + topics.modelEvents(),
              "--drift-window=" + config.driftWindow().toMillis() + "ms",
              "--labels-topic=" + topics.labels(),
              "--alerts-topic=" + topics.alerts(),
              // Quality and concept drift at the drift cadence, so the demo shows them early.
              "--quality-window=" + config.driftWindow().toMillis() + "ms",
              "--alert-webhooks=" + retrainUrl() + "/webhook",
              "--alert-webhook-secret=" + secret
            });
    flink =
        track(
            FlinkLocalCluster.start(
                monitor,
                config.flinkUiPort(),
                config.parallelism(),
                fresh(work.resolve("checkpoints"))));
  }

  /**
   * The receiver as {@code ./driftwatch retrain} runs it, on this stack's Kafka, gateway and
   * repository, with a lookback of one drift window plus the demo's longest label delay: a retrain
   * triggered when an alert fires two drifted windows after the drift then learns from labeled rows
   * of drifted traffic (labels arrive 5–15 s after their request), not from the traffic before it.
   */
  private RetrainingConfig retraining(String secret) {
    RetrainingConfig defaults =
        RetrainingConfig.defaults(
            modelRepository, kafka.bootstrapServers(), URI.create(gatewayUrl()));
    return defaults.toBuilder()
        .port(config.retrainPort())
        .secret(secret)
        .triggerRules(RETRAIN_TRIGGERS)
        .predictionsTopic(topics.predictions())
        .labelsTopic(topics.labels())
        .lookback(config.driftWindow().plus(DemoTraffic.MAX_LABEL_DELAY))
        .build();
  }

  private <T extends AutoCloseable> T track(T part) {
    started.push(part);
    return part;
  }

  private static Path fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  public String gatewayUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  /** The retraining receiver: {@code /webhook}, {@code /status}, {@code /health}. */
  public String retrainUrl() {
    return "http://127.0.0.1:" + receiver.port();
  }

  /** What the retraining receiver decided and did, newest first. */
  public DecisionLog retrainDecisions() {
    return receiver.decisions();
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String influxUrl() {
    return influxd.url();
  }

  public String flinkUi() {
    return flink.webUi();
  }

  public String jobStatus() {
    return flink.jobStatus();
  }

  public Topics topics() {
    return topics;
  }

  public Path modelRepository() {
    return modelRepository;
  }

  /** Stops every part in reverse start order; safe to call twice. */
  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
