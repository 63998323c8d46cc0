package io.driftwatch.retraining;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The receiver's settings, validated once; errors name the command-line option.
 *
 * @param host address to bind
 * @param port HTTP port, 0 for a free one (tests), else 1–65535; default {@value #DEFAULT_PORT}
 * @param secret HMAC-SHA256 secret webhooks must be signed with, or null to accept unsigned ones
 * @param maxBodyBytes largest webhook body accepted (413 above), default 1 MiB
 * @param triggerRules alert rules that trigger a retrain
 * @param cooldown minimum time between two retrains of one model, default 10 min
 * @param queueCapacity models with pending work at most, default 16
 * @param bootstrapServers Kafka bootstrap servers
 * @param predictionsTopic topic of {@code PredictionEvent}s
 * @param labelsTopic topic of {@code LabelEvent}s
 * @param lookback how far back to read traffic, default 30 min
 * @param maxRecords records read per topic at most, default 200,000
 * @param minSamples joined rows needed to retrain, at least 10, default 200
 * @param seed training seed, default 42 (the demo model's)
 * @param modelRepository the Triton-layout repository new versions go into
 * @param gatewayUrl the gateway asked to load versions and roll back
 * @param gatewayTimeout per gateway call, default 10 s
 * @param gatewayToken bearer token sent to the gateway (its admin scope: load, traffic, rollback),
 *     or null for a gateway without admin tokens
 * @param autoRollback whether critical quality alerts may roll back a recent champion
 * @param rollbackRules rules whose critical alerts may roll back
 * @param rollbackWindow how recently the champion must have started to be rolled back, default 30
 *     min
 * @param statusLimit decisions listed by {@code /status}, default 100
 */
public record RetrainingConfig(
    String host,
    int port,
    String secret,
    int maxBodyBytes,
    Set<String> triggerRules,
    Duration cooldown,
    int queueCapacity,
    String bootstrapServers,
    String predictionsTopic,
    String labelsTopic,
    Duration lookback,
    int maxRecords,
    int minSamples,
    long seed,
    Path modelRepository,
    URI gatewayUrl,
    Duration gatewayTimeout,
    String gatewayToken,
    boolean autoRollback,
    Set<String> rollbackRules,
    Duration rollbackWindow,
    int statusLimit) {

  public static final int DEFAULT_PORT = 8095;
  public static final Set<String> DEFAULT_TRIGGER_RULES =
      Set.of("feature_drift", "dataset_drift", "accuracy_drop", "concept_drift");
  public static final Set<String> DEFAULT_ROLLBACK_RULES = Set.of("accuracy_drop");

  public RetrainingConfig {
    require(host != null && !host.isBlank(), "--host: must not be blank");
    require(port >= 0 && port <= 65_535, "--port: must be in 0..65535, got " + port);
    require(secret == null || !secret.isEmpty(), "--secret: must not be empty");
    require(maxBodyBytes >= 1024, "--max-body-bytes: must be >= 1024, got " + maxBodyBytes);
    triggerRules = Set.copyOf(triggerRules);
    require(positiveOrZero(cooldown), "--cooldown: must not be negative, got " + cooldown);
    require(queueCapacity >= 1, "--queue-capacity: must be >= 1, got " + queueCapacity);
    require(
        bootstrapServers != null && !bootstrapServers.isBlank(),
        "--bootstrap-servers: must not be blank");
    require(
        predictionsTopic != null && !predictionsTopic.isBlank(),
        "--predictions-topic: must not be blank");
    require(labelsTopic != null && !labelsTopic.isBlank(), "--labels-topic: must not be blank");
    require(positive(lookback), "--lookback: must be > 0, got " + lookback);
    require(maxRecords >= 1, "--max-records: must be >= 1, got " + maxRecords);
    require(minSamples >= 10, "--min-samples: must be >= 10, got " + minSamples);
    require(modelRepository != null, "--model-repository: required");
    require(
        gatewayUrl != null
            && ("http".equals(gatewayUrl.getScheme()) || "https".equals(gatewayUrl.getScheme()))
            && gatewayUrl.getHost() != null,
        "--gateway-url: must be an http(s) URL, got " + gatewayUrl);
    require(positive(gatewayTimeout), "--gateway-timeout: must be > 0, got " + gatewayTimeout);
    require(
        gatewayToken == null
            || (!gatewayToken.isBlank() && gatewayToken.strip().equals(gatewayToken)),
        "--gateway-token-file: the token must not be empty or contain surrounding whitespace");
    rollbackRules = Set.copyOf(rollbackRules);
    require(positive(rollbackWindow), "--rollback-window: must be > 0, got " + rollbackWindow);
    require(statusLimit >= 1, "--status-limit: must be >= 1, got " + statusLimit);
  }

  /**
   * Every default, for {@code modelRepository}, Kafka at {@code bootstrapServers}, and a gateway.
   */
  public static RetrainingConfig defaults(
      Path modelRepository, String bootstrapServers, URI gatewayUrl) {
    return new RetrainingConfig(
        "127.0.0.1",
        DEFAULT_PORT,
        null,
        1 << 20,
        DEFAULT_TRIGGER_RULES,
        Duration.ofMinutes(10),
        16,
        bootstrapServers,
        "predictions",
        "labels",
        Duration.ofMinutes(30),
        200_000,
        200,
        42L,
        modelRepository,
        gatewayUrl,
        Duration.ofSeconds(10),
        null,
        false,
        DEFAULT_ROLLBACK_RULES,
        Duration.ofMinutes(30),
        100);
  }

  /** The same settings listening on {@code newPort}. */
  public RetrainingConfig withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  /** The same settings requiring webhooks signed with {@code newSecret}. */
  public RetrainingConfig withSecret(String newSecret) {
    return toBuilder().secret(newSecret).build();
  }

  /** The same settings with automatic rollback switched {@code on} or off. */
  public RetrainingConfig withAutoRollback(boolean on) {
    return toBuilder().autoRollback(on).build();
  }

  /** The same settings needing {@code rows} joined rows to retrain. */
  public RetrainingConfig withMinSamples(int rows) {
    return toBuilder().minSamples(rows).build();
  }

  /** The same settings with at most {@code models} models pending. */
  public RetrainingConfig withQueueCapacity(int models) {
    return toBuilder().queueCapacity(models).build();
  }

  /** The same settings sending {@code token} to the gateway (null: none). */
  public RetrainingConfig withGatewayToken(String token) {
    return toBuilder().gatewayToken(token).build();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Settings changed one at a time, validated by {@link #build}. Not thread-safe. */
  public static final class Builder {
    private String host;
    private int port;
    private String secret;
    private int maxBodyBytes;
    private Set<String> triggerRules;
    private Duration cooldown;
    private int queueCapacity;
    private String bootstrapServers;
    private String predictionsTopic;
    private String labelsTopic;
    private Duration lookback;
    private int maxRecords;
    private int minSamples;
    private long seed;
    private Path modelRepository;
    private URI gatewayUrl;
    private Duration gatewayTimeout;
    private String gatewayToken;
    private boolean autoRollback;
    private Set<String> rollbackRules;
    private Duration rollbackWindow;
    private int statusLimit;

    private Builder(RetrainingConfig config) {
      host = config.host;
      port = config.port;
      secret = config.secret;
      maxBodyBytes = config.maxBodyBytes;
      triggerRules = config.triggerRules;
      cooldown = config.cooldown;
      queueCapacity = config.queueCapacity;
      bootstrapServers = config.bootstrapServers;
      predictionsTopic = config.predictionsTopic;
      labelsTopic = config.labelsTopic;
      lookback = config.lookback;
      maxRecords = config.maxRecords;
      minSamples = config.minSamples;
      seed = config.seed;
      modelRepository = config.modelRepository;
      gatewayUrl = config.gatewayUrl;
      gatewayTimeout = config.gatewayTimeout;
      gatewayToken = config.gatewayToken;
      autoRollback = config.autoRollback;
      rollbackRules = config.rollbackRules;
      rollbackWindow = config.rollbackWindow;
      statusLimit = config.statusLimit;
    }

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder secret(String value) {
      this.secret = value;
      return this;
    }

    public Builder maxBodyBytes(int value) {
      this.maxBodyBytes = value;
      return this;
    }

    public Builder triggerRules(Set<String> value) {
      this.triggerRules = value;
      return this;
    }

    public Builder cooldown(Duration value) {
      this.cooldown = value;
      return this;
    }

    public Builder queueCapacity(int value) {
      this.queueCapacity = value;
      return this;
    }

    public Builder bootstrapServers(String value) {
      this.bootstrapServers = value;
      return this;
    }

    public Builder predictionsTopic(String value) {
      this.predictionsTopic = value;
      return this;
    }

    public Builder labelsTopic(String value) {
      this.labelsTopic = value;
      return this;
    }

    public Builder lookback(Duration value) {
      this.lookback = value;
      return this;
    }

    public Builder maxRecords(int value) {
      this.maxRecords = value;
      return this;
    }

    public Builder minSamples(int value) {
      this.minSamples = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder modelRepository(Path value) {
      this.modelRepository = value;
      return this;
    }

    public Builder gatewayUrl(URI value) {
      this.gatewayUrl = value;
      return this;
    }

    public Builder gatewayTimeout(Duration value) {
      this.gatewayTimeout = value;
      return this;
    }

    public Builder gatewayToken(String value) {
      this.gatewayToken = value;
      return this;
    }

    public Builder autoRollback(boolean value) {
      this.autoRollback = value;
      return this;
    }

    public Builder rollbackRules(Set<String> value) {
      this.rollbackRules = value;
      return this;
    }

    public Builder rollbackWindow(Duration value) {
      this.rollbackWindow = value;
      return this;
    }

    public Builder statusLimit(int value) {
      this.statusLimit = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the option of the first invalid setting
     */
    public RetrainingConfig build() {
      return new RetrainingConfig(
          host,
          port,
          secret,
          maxBodyBytes,
          triggerRules,
          cooldown,
          queueCapacity,
          bootstrapServers,
          predictionsTopic,
          labelsTopic,
          lookback,
          maxRecords,
          minSamples,
          seed,
          modelRepository,
          gatewayUrl,
          gatewayTimeout,
          gatewayToken,
          autoRollback,
          rollbackRules,
          rollbackWindow,
          statusLimit);
    }
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static boolean positiveOrZero(Duration d) {
    return d != null && !d.isNegative();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
