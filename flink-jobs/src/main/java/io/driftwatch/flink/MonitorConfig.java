package io.driftwatch.flink;

import io.driftwatch.flink.influx.InfluxDbSinkConfig;
import io.driftwatch.flink.serving.ServingJobConfig;
import io.driftwatch.flink.source.StartingOffsets;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.util.TimeUtils;

/**
 * Settings of the monitoring job, parsed once from {@code --key=value} arguments. Every validation
 * error names the offending key.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}; default {@code
 *     127.0.0.1:9092}
 * @param predictionsTopic topic of prediction events; default {@code predictions}
 * @param groupId Kafka consumer group; default {@code driftwatch-monitor}
 * @param startingOffsets where to start without a checkpoint; default committed-else-earliest
 * @param influxUrl InfluxDB 1.x HTTP endpoint; default {@code http://127.0.0.1:8086}
 * @param influxDatabase InfluxDB database; default {@code driftwatch}
 * @param influxUser InfluxDB user, or null without authentication
 * @param influxPassword InfluxDB password, or null without authentication
 * @param servingWindow length of the serving metrics windows; default 10 s
 * @param outOfOrderness how late (event time) a prediction may arrive; default 2 s
 * @param idleTimeout time without events after which watermarks follow the clock; default 5 s
 * @param checkpointInterval checkpoint interval when run by {@link MonitoringJob#main}; default 10
 *     s
 */
public record MonitorConfig(
    String bootstrapServers,
    String predictionsTopic,
    String groupId,
    StartingOffsets startingOffsets,
    URI influxUrl,
    String influxDatabase,
    String influxUser,
    String influxPassword,
    Duration servingWindow,
    Duration outOfOrderness,
    Duration idleTimeout,
    Duration checkpointInterval)
    implements Serializable {

  private static final List<String> KEYS =
      List.of(
          "bootstrap-servers",
          "predictions-topic",
          "group-id",
          "starting-offsets",
          "influx-url",
          "influx-database",
          "influx-user",
          "influx-password",
          "serving-window",
          "out-of-orderness",
          "idle-timeout",
          "checkpoint-interval");

  public MonitorConfig {
    requireText("bootstrap-servers", bootstrapServers);
    requireText("predictions-topic", predictionsTopic);
    requireText("group-id", groupId);
    Objects.requireNonNull(startingOffsets, "starting-offsets");
    Objects.requireNonNull(influxUrl, "influx-url");
    requirePositive("serving-window", servingWindow);
    Objects.requireNonNull(outOfOrderness, "out-of-orderness");
    if (outOfOrderness.isNegative()) {
      throw new IllegalArgumentException("out-of-orderness must be >= 0, was " + outOfOrderness);
    }
    requirePositive("idle-timeout", idleTimeout);
    requirePositive("checkpoint-interval", checkpointInterval);
    // Validate the derived settings here so errors surface at parse time, naming their keys.
    serving(servingWindow);
    influx(influxUrl, influxDatabase, influxUser, influxPassword);
  }

  /** All defaults. */
  public static MonitorConfig defaults() {
    return fromArgs();
  }

  /**
   * Parses {@code --key=value} arguments; keys are listed in {@link #usage()}. Durations take a
   * unit ({@code 500ms}, {@code 10s}, {@code 1min}); a bare number means milliseconds.
   *
   * @throws IllegalArgumentException naming the key, for an unknown, repeated, malformed or invalid
   *     option
   */
  public static MonitorConfig fromArgs(String... args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0) {
        throw new IllegalArgumentException("expected --key=value, got '" + arg + "'");
      }
      String key = arg.substring(2, equals);
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key + "; see --help");
      }
      if (options.put(key, arg.substring(equals + 1)) != null) {
        throw new IllegalArgumentException("option --" + key + " given twice");
      }
    }
    return new MonitorConfig(
        options.getOrDefault("bootstrap-servers", "127.0.0.1:9092"),
        options.getOrDefault("predictions-topic", "predictions"),
        options.getOrDefault("group-id", "driftwatch-monitor"),
        parse(options, "starting-offsets", "committed", StartingOffsets::parse),
        parse(options, "influx-url", "http://127.0.0.1:8086", MonitorConfig::uri),
        options.getOrDefault("influx-database", "driftwatch"),
        options.get("influx-user"),
        options.get("influx-password"),
        parse(options, "serving-window", "10s", TimeUtils::parseDuration),
        parse(options, "out-of-orderness", "2s", TimeUtils::parseDuration),
        parse(options, "idle-timeout", "5s", TimeUtils::parseDuration),
        parse(options, "checkpoint-interval", "10s", TimeUtils::parseDuration));
  }

  /** One line per option, with its default. */
  public static String usage() {
    return String.join(
        System.lineSeparator(),
        "Options (--key=value):",
        "  --bootstrap-servers=HOST:PORT[,...]  Kafka (default 127.0.0.1:9092)",
        "  --predictions-topic=NAME             (default predictions)",
        "  --group-id=NAME                      (default driftwatch-monitor)",
        "  --starting-offsets=committed|earliest|latest",
        "                                       without a checkpoint; committed falls back to"
            + " earliest (default committed)",
        "  --influx-url=URL                     InfluxDB 1.x (default http://127.0.0.1:8086)",
        "  --influx-database=NAME               (default driftwatch)",
        "  --influx-user=NAME --influx-password=SECRET   (default: no authentication)",
        "  --serving-window=DURATION            (default 10s)",
        "  --out-of-orderness=DURATION          (default 2s)",
        "  --idle-timeout=DURATION              (default 5s)",
        "  --checkpoint-interval=DURATION       (default 10s)");
  }

  public ServingJobConfig serving() {
    return serving(servingWindow);
  }

  public InfluxDbSinkConfig influx() {
    return influx(influxUrl, influxDatabase, influxUser, influxPassword);
  }

  private static ServingJobConfig serving(Duration window) {
    return new ServingJobConfig(window);
  }

  private static InfluxDbSinkConfig influx(URI url, String database, String user, String password) {
    InfluxDbSinkConfig config = InfluxDbSinkConfig.of(url, database);
    return user == null && password == null ? config : config.withCredentials(user, password);
  }

  private static <T> T parse(
      Map<String, String> options,
      String key,
      String defaultValue,
      java.util.function.Function<String, T> parser) {
    String value = options.getOrDefault(key, defaultValue);
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  private static URI uri(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " must not be empty");
    }
  }

  private static void requirePositive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
  }

  @Override
  public String toString() {
    return "MonitorConfig[bootstrapServers="
        + bootstrapServers
        + ", predictionsTopic="
        + predictionsTopic
        + ", groupId="
        + groupId
        + ", startingOffsets="
        + startingOffsets
        + ", influxUrl="
        + influxUrl
        + ", influxDatabase="
        + influxDatabase
        + ", influxUser="
        + influxUser
        + ", influxPassword="
        + (influxPassword == null ? "null" : "***")
        + ", servingWindow="
        + servingWindow
        + ", outOfOrderness="
        + outOfOrderness
        + ", idleTimeout="
        + idleTimeout
        + ", checkpointInterval="
        + checkpointInterval
        + "]";
  }
}
