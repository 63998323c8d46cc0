package io.driftwatch.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the one-machine stack runs. Ports of 0 pick a free port (tests); the demo uses the
 * documented defaults. Validated on construction; errors name the option.
 *
 * @param workDir holds Kafka's and InfluxDB's data, checkpoints and the demo model's repository,
 *     each wiped at start
 * @param modelRepository a Triton-layout repository, or null to build the demo model into workDir
 * @param servingWindow length of the monitoring job's tumbling event-time windows
 * @param idleTimeout silence after which the job's watermark follows the wall clock
 * @param driftWindow length of the drift and data-quality windows
 * @param retrainPort port of the retraining receiver the monitoring job's webhooks go to
 */
public record LocalStackConfig(
    Path workDir,
    Path modelRepository,
    int gatewayPort,
    int kafkaPort,
    int influxPort,
    int flinkUiPort,
    int parallelism,
    Duration servingWindow,
    Duration idleTimeout,
    Duration driftWindow,
    int retrainPort) {

  public static final int DEFAULT_GATEWAY_PORT = 8080;
  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_INFLUX_PORT = 8086;
  public static final int DEFAULT_FLINK_UI_PORT = 8081;
  public static final int DEFAULT_RETRAIN_PORT = 8095;

  public LocalStackConfig {
    Objects.requireNonNull(workDir, "--work-dir is required");
    requirePort("--port", gatewayPort);
    requirePort("--kafka-port", kafkaPort);
    requirePort("--influx-port", influxPort);
    requirePort("--flink-ui-port", flinkUiPort);
    requirePort("--retrain-port", retrainPort);
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("--parallelism must be 1..64, was " + parallelism);
    }
    requirePositive("--window", servingWindow);
    requirePositive("--idle-timeout", idleTimeout);
    requirePositive("--drift-window", driftWindow);
  }

  /** The demo's defaults: documented ports, 10 s serving and 30 s drift windows, parallelism 2. */
  public static LocalStackConfig defaults(Path workDir) {
    return new LocalStackConfig(
        workDir,
        null,
        DEFAULT_GATEWAY_PORT,
        DEFAULT_KAFKA_PORT,
        DEFAULT_INFLUX_PORT,
        DEFAULT_FLINK_UI_PORT,
        2,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        DEFAULT_RETRAIN_PORT);
  }

  /** Free ports everywhere and short windows, for tests. */
  public static LocalStackConfig ephemeral(Path workDir, Duration servingWindow) {
    return ephemeral(workDir, servingWindow, servingWindow);
  }

  /** Free ports everywhere, these windows, for tests. */
  public static LocalStackConfig ephemeral(
      Path workDir, Duration servingWindow, Duration driftWindow) {
    return new LocalStackConfig(
        workDir, null, 0, 0, 0, 0, 2, servingWindow, Duration.ofSeconds(2), driftWindow, 0);
  }

  public LocalStackConfig withModelRepository(Path repository) {
    return new LocalStackConfig(
        workDir,
        repository,
        gatewayPort,
        kafkaPort,
        influxPort,
        flinkUiPort,
        parallelism,
        servingWindow,
        idleTimeout,
        driftWindow,
        retrainPort);
  }

  private static void requirePort(String option, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(option + " must be 0..65535, was " + port);
    }
  }

  private static void requirePositive(String option, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(option + " must be a positive duration, was " + duration);
    }
  }
}
