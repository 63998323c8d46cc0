package io.driftwatch.local;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.embedded.InfluxdServer;
import io.driftwatch.flink.MonitorConfig;
import io.driftwatch.gateway.GatewayConfig;
import io.driftwatch.gateway.InferenceGateway;
import io.driftwatch.training.DemoModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine: in-process Kafka (KRaft), a real {@code influxd}, the inference
 * gateway serving a model repository, and the monitoring job on a Flink MiniCluster. Started in
 * data-flow order and closed in reverse, so nothing upstream outlives what it feeds.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  /** InfluxDB database the monitoring job writes (PRODUCT.md). */
  public static final String DATABASE = "driftwatch";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final LocalStackConfig config;
  private final Topics topics = Topics.defaults();
  private EmbeddedKafka kafka;
  private InfluxdServer influxd;
  private InferenceGateway gateway;
  private FlinkLocalCluster flink;
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
      modelRepository = work.resolve("model-repository");
      DemoModel.writeRepository(modelRepository);
    }
    gateway =
        track(
            InferenceGateway.start(
                GatewayConfig.defaults(modelRepository, kafka.bootstrapServers())
                    .withPort(config.gatewayPort()),
                clock));

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
              "--quality-window=" + config.driftWindow().toMillis() + "ms"
            });
    flink =
        track(
            FlinkLocalCluster.start(
                monitor,
                config.flinkUiPort(),
                config.parallelism(),
                fresh(work.resolve("checkpoints"))));
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
