package io.driftwatch.flink;

import io.driftwatch.flink.alerting.AlertingJob;
import io.driftwatch.flink.drift.DriftJobConfig;
import io.driftwatch.flink.influx.InfluxDbSinkConfig;
import io.driftwatch.flink.quality.QualityJobConfig;
import io.driftwatch.flink.serving.ServingJobConfig;
import io.driftwatch.flink.source.StartingOffsets;
import io.driftwatch.flink.webhook.WebhookSinkConfig;
import io.driftwatch.stats.alerting.AlertRules;
import io.driftwatch.stats.concept.DriftDetectors;
import io.driftwatch.stats.drift.DriftMethod;
import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.drift.DriftThresholds;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
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
 * @param modelEventsTopic compacted topic of model-version events with reference profiles; default
 *     {@code model-events}
 * @param drift drift windows and policy (keys {@code drift-*}); default 1 min tumbling windows, KS
 *     for numeric and χ² for categorical columns
 * @param labelsTopic topic of ground-truth labels; default {@code labels}
 * @param quality label join, model-quality windows and concept-drift detectors (keys {@code
 *     label-max-delay}, {@code quality-window}, {@code detectors}, {@code comparison-min-samples})
 * @param alertsTopic topic the FIRING and RESOLVED alerts are written to, keyed by fingerprint;
 *     default {@code alerts}
 * @param alertRules the alert rules, read once from the YAML file of {@code alert-rules}; default
 *     {@link AlertRules#defaults()}
 * @param alertWebhooks http(s) URLs every alert is POSTed to as Alertmanager webhook JSON; default
 *     none (no webhook sink)
 * @param alertWebhookSecret HMAC-SHA256 key of the {@code X-Driftwatch-Signature} header, or null
 *     for unsigned webhooks
 * @param alertWebhookTimeout connect and response timeout of one webhook attempt; default 5 s
 * @param alertStaleWindows windows of its own length a firing alert series may go without a point
 *     (e.g. the version it describes stopped serving) before it resolves as stale; 0 never; default
 *     3
 * @param deadLettersTopic topic of input records the job cannot use (keyed as the original) and of
 *     undeliverable webhooks (keyed by fingerprint); default {@code dead-letters}
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
    Duration checkpointInterval,
    String modelEventsTopic,
    DriftJobConfig drift,
    String labelsTopic,
    QualityJobConfig quality,
    String alertsTopic,
    AlertRules alertRules,
    List<URI> alertWebhooks,
    String alertWebhookSecret,
    Duration alertWebhookTimeout,
    int alertStaleWindows,
    String deadLettersTopic)
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
          "checkpoint-interval",
          "model-events-topic",
          "drift-window",
          "drift-slide",
          "drift-numeric-method",
          "drift-categorical-method",
          "drift-methods",
          "drift-ks-alpha",
          "drift-psi-threshold",
          "drift-js-threshold",
          "drift-wasserstein-threshold",
          "drift-chi2-alpha",
          "drift-linf-threshold",
          "drift-min-samples",
          "drift-dataset-alpha",
          "drift-max-pending-windows",
          "drift-shards",
          "labels-topic",
          "label-max-delay",
          "quality-window",
          "detectors",
          "comparison-min-samples",
          "alerts-topic",
          "alert-rules",
          "alert-webhooks",
          "alert-webhook-secret",
          "alert-webhook-timeout",
          "alert-stale-windows",
          "dead-letters-topic");

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
    requireText("model-events-topic", modelEventsTopic);
    Objects.requireNonNull(drift, "drift");
    requireText("labels-topic", labelsTopic);
    Objects.requireNonNull(quality, "quality");
    requireText("alerts-topic", alertsTopic);
    Objects.requireNonNull(alertRules, "alert-rules");
    alertWebhooks = alertWebhooks == null ? List.of() : List.copyOf(alertWebhooks);
    alertWebhooks.forEach(WebhookSinkConfig::requireHttp);
    if (alertWebhookSecret != null && alertWebhookSecret.isEmpty()) {
      throw new IllegalArgumentException("alert-webhook-secret must not be empty");
    }
    requirePositive("alert-webhook-timeout", alertWebhookTimeout);
    if (alertStaleWindows < 0) {
      throw new IllegalArgumentException(
          "alert-stale-windows must be at least 0, was " + alertStaleWindows);
    }
    requireText("dead-letters-topic", deadLettersTopic);
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
        parse(options, "checkpoint-interval", "10s", TimeUtils::parseDuration),
        options.getOrDefault("model-events-topic", "model-events"),
        drift(options),
        options.getOrDefault("labels-topic", "labels"),
        quality(options),
        options.getOrDefault("alerts-topic", "alerts"),
        alertRules(options),
        urls(options.getOrDefault("alert-webhooks", "")),
        options.get("alert-webhook-secret"),
        parse(
            options,
            "alert-webhook-timeout",
            WebhookSinkConfig.DEFAULT_TIMEOUT.toMillis() + "ms",
            TimeUtils::parseDuration),
        parse(
            options,
            "alert-stale-windows",
            String.valueOf(AlertingJob.DEFAULT_STALE_WINDOWS),
            Integer::parseInt),
        options.getOrDefault("dead-letters-topic", "dead-letters"));
  }

  /** Comma-separated http(s) URLs of {@code alert-webhooks}; empty for none. */
  private static List<URI> urls(String value) {
    if (value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(","))
        .map(
            u -> {
              try {
                return WebhookSinkConfig.requireHttp(new URI(u.trim()));
              } catch (URISyntaxException e) {
                throw new IllegalArgumentException("alert-webhooks: " + e.getMessage(), e);
              }
            })
        .toList();
  }

  /**
   * The webhook sink's settings when {@code alert-webhooks} names receivers: the given secret and
   * timeout, default retries (6 attempts, 0.5 s doubling to 30 s, full jitter) and 4 in flight per
   * receiver.
   */
  public Optional<WebhookSinkConfig> webhooks() {
    if (alertWebhooks.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        WebhookSinkConfig.of(alertWebhooks, alertWebhookSecret, bootstrapServers, deadLettersTopic)
            .withTimeout(alertWebhookTimeout));
  }

  /** The rule file of {@code alert-rules}, or the shipped defaults without one. */
  private static AlertRules alertRules(Map<String, String> options) {
    String path = options.get("alert-rules");
    if (path == null) {
      return AlertRules.defaults();
    }
    return parse(options, "alert-rules", path, value -> AlertRules.load(Path.of(value)));
  }

  private static QualityJobConfig quality(Map<String, String> options) {
    return new QualityJobConfig(
        parse(options, "label-max-delay", "10min", TimeUtils::parseDuration),
        parse(options, "quality-window", "1min", TimeUtils::parseDuration),
        parse(options, "detectors", String.join(",", DriftDetectors.NAMES), MonitorConfig::names),
        parse(
            options,
            "comparison-min-samples",
            Long.toString(QualityJobConfig.DEFAULT_COMPARISON_MIN_SAMPLES),
            Long::parseLong));
  }

  /** Comma-separated names, trimmed and lower-cased; empty for none. */
  private static List<String> names(String value) {
    return value.isBlank()
        ? List.of()
        : Arrays.stream(value.split(",")).map(n -> n.trim().toLowerCase(Locale.ROOT)).toList();
  }

  private static DriftJobConfig drift(Map<String, String> options) {
    DriftPolicy defaults = DriftPolicy.defaults();
    DriftThresholds t = defaults.thresholds();
    DriftThresholds thresholds =
        new DriftThresholds(
            parse(options, "drift-ks-alpha", String.valueOf(t.ksAlpha()), MonitorConfig::number),
            parse(options, "drift-psi-threshold", String.valueOf(t.psi()), MonitorConfig::number),
            parse(options, "drift-js-threshold", String.valueOf(t.js()), MonitorConfig::number),
            parse(
                options,
                "drift-wasserstein-threshold",
                String.valueOf(t.wasserstein()),
                MonitorConfig::number),
            parse(
                options, "drift-chi2-alpha", String.valueOf(t.chi2Alpha()), MonitorConfig::number),
            parse(
                options, "drift-linf-threshold", String.valueOf(t.linf()), MonitorConfig::number));
    Duration window = parse(options, "drift-window", "1min", TimeUtils::parseDuration);
    Duration slide =
        parse(options, "drift-slide", window.toMillis() + "ms", TimeUtils::parseDuration);
    DriftMethod numeric =
        parse(
            options,
            "drift-numeric-method",
            defaults.numericDefault().name(),
            MonitorConfig::method);
    DriftMethod categorical =
        parse(
            options,
            "drift-categorical-method",
            defaults.categoricalDefault().name(),
            MonitorConfig::method);
    Map<String, DriftMethod> overrides =
        parse(options, "drift-methods", "", MonitorConfig::methods);
    int minSamples =
        parse(
            options, "drift-min-samples", String.valueOf(defaults.minSamples()), Integer::parseInt);
    double datasetAlpha =
        parse(
            options,
            "drift-dataset-alpha",
            String.valueOf(defaults.datasetAlpha()),
            MonitorConfig::number);
    int maxPending =
        parse(
            options,
            "drift-max-pending-windows",
            String.valueOf(DriftJobConfig.DEFAULT_MAX_PENDING),
            Integer::parseInt);
    DriftPolicy policy;
    try {
      policy =
          new DriftPolicy(numeric, categorical, overrides, thresholds, minSamples, datasetAlpha);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("drift policy: " + e.getMessage(), e);
    }
    int shards =
        parse(
            options,
            "drift-shards",
            String.valueOf(DriftJobConfig.DEFAULT_SHARDS),
            Integer::parseInt);
    return new DriftJobConfig(window, slide, policy, maxPending, shards);
  }

  /** {@code feature=METHOD,feature=METHOD}; empty for none. */
  private static Map<String, DriftMethod> methods(String value) {
    Map<String, DriftMethod> methods = new TreeMap<>();
    if (value.isBlank()) {
      return methods;
    }
    for (String entry : value.split(",")) {
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("expected feature=METHOD, got '" + entry + "'");
      }
      methods.put(entry.substring(0, equals).trim(), method(entry.substring(equals + 1)));
    }
    return methods;
  }

  private static DriftMethod method(String value) {
    try {
      return DriftMethod.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown drift method '" + value + "', expected one of " + List.of(DriftMethod.values()),
          e);
    }
  }

  private static double number(String value) {
    return Double.parseDouble(value.trim());
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
        "  --checkpoint-interval=DURATION       (default 10s)",
        "  --model-events-topic=NAME            reference profiles (default model-events)",
        "  --drift-window=DURATION              drift and data-quality windows (default 1min)",
        "  --drift-slide=DURATION               sliding windows when shorter than"
            + " --drift-window (default: tumbling)",
        "  --drift-numeric-method=KS|PSI|JS|WASSERSTEIN   (default KS)",
        "  --drift-categorical-method=CHI2|LINF|PSI|JS    (default CHI2)",
        "  --drift-methods=FEATURE=METHOD[,...] per-feature overrides (default none)",
        "  --drift-ks-alpha=P                   KS significance (default 0.05)",
        "  --drift-psi-threshold=X              (default 0.2)",
        "  --drift-js-threshold=X               Jensen-Shannon distance (default 0.1)",
        "  --drift-wasserstein-threshold=X      W1 over the reference IQR/1.349 (default 0.1)",
        "  --drift-chi2-alpha=P                 chi-square significance (default 0.05)",
        "  --drift-linf-threshold=X             (default 0.1)",
        "  --drift-min-samples=N                fewer valid values are not evaluated"
            + " (default 30)",
        "  --drift-dataset-alpha=P              family-wise alpha of the dataset-level"
            + " decision, Holm-Bonferroni (default 0.05)",
        "  --drift-max-pending-windows=N        windows kept per version until its profile"
            + " arrives (default 16)",
        "  --drift-shards=N                     feature shards per model version: its drift"
            + " windows spread over up to N subtasks (default 4)",
        "  --labels-topic=NAME                  ground truth (default labels)",
        "  --label-max-delay=DURATION           longest event time from a prediction to its"
            + " label; later labels are counted, not joined (default 10min)",
        "  --quality-window=DURATION            model quality, label-join and concept-drift"
            + " windows (default 1min)",
        "  --detectors=NAME[,...]               concept-drift detectors: adwin, ddm,"
            + " page_hinkley; empty for none (default adwin,ddm,page_hinkley)",
        "  --comparison-min-samples=N           labeled predictions per variant and window"
            + " before champion vs challenger gets a p-value (default 100)",
        "  --alerts-topic=NAME                  FIRING and RESOLVED alerts, keyed by fingerprint"
            + " (default alerts)",
        "  --alert-rules=PATH                   YAML alert rule file (default: the shipped rules"
            + " for drift, error rate, p99 latency, accuracy and concept drift)",
        "  --alert-webhooks=URL[,URL...]        POST every alert as Alertmanager webhook JSON"
            + " to each http(s) URL, retried with backoff (default none)",
        "  --alert-webhook-secret=SECRET        sign webhook bodies: X-Driftwatch-Signature:"
            + " sha256=<HMAC-SHA256 hex> (default unsigned)",
        "  --alert-webhook-timeout=DURATION     per attempt (default 5s)",
        "  --alert-stale-windows=N              resolve a firing alert whose series got no point"
            + " for N of its windows; 0 never (default 3)",
        "  --dead-letters-topic=NAME            undecodable input, undeliverable webhooks (default dead-letters)");
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
        + ", modelEventsTopic="
        + modelEventsTopic
        + ", drift="
        + drift
        + ", labelsTopic="
        + labelsTopic
        + ", quality="
        + quality
        + ", alertsTopic="
        + alertsTopic
        + ", alertRules="
        + alertRules.rules().stream().map(r -> r.name()).toList()
        + ", alertWebhooks="
        + alertWebhooks
        + ", alertWebhookSecret="
        + (alertWebhookSecret == null ? "null" : "***")
        + ", alertWebhookTimeout="
        + alertWebhookTimeout
        + ", alertStaleWindows="
        + alertStaleWindows
        + ", deadLettersTopic="
        + deadLettersTopic
        + "]";
  }
}
