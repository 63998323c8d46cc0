package io.driftwatch.gateway;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of one gateway, validated once at the edge; every error names the offending key.
 *
 * @param host interface to bind, for example {@code 127.0.0.1} (key {@code gateway.host})
 * @param port TCP port 0..65535; 0 binds a free port (key {@code gateway.port})
 * @param modelRepository Triton-layout directory {@code <model>/<version>/model.onnx} (key {@code
 *     gateway.model-repository}); must exist when the gateway starts
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port]} (key {@code
 *     gateway.bootstrap-servers})
 * @param predictionsTopic topic of the prediction log (key {@code gateway.predictions-topic})
 * @param labelsTopic topic of the ground-truth labels (key {@code gateway.labels-topic})
 * @param modelEventsTopic compacted topic of model-version lifecycle events with their descriptor
 *     and lineage (key {@code gateway.model-events-topic})
 * @param predictionLogCapacity events each in-memory log holds before it drops, at least 1 (key
 *     {@code gateway.prediction-log-capacity})
 * @param maxBodyBytes largest accepted request body in bytes, 1..2^31-1 (key {@code
 *     gateway.max-body-bytes}); larger bodies are answered 413
 * @param device where models run (key {@code gateway.device})
 * @param lifecycle polling, default version policy and shadow queue of the live repository
 * @param predictionLog whether infer requests are logged to {@code predictionsTopic} (key {@code
 *     gateway.prediction-log}, default true); false serves without producing prediction events, for
 *     benchmarks or a gateway whose predictions nobody monitors. Feedback and model events are
 *     still sent; shadow versions are not scored, as nothing would record their answers.
 * @param batching dynamic batching of every model version whose {@code config.json} sets none of
 *     its own (keys {@code gateway.max-batch-size}, {@code gateway.max-queue-delay-us}, {@code
 *     gateway.max-queue-size}); default {@link BatchingConfig#OFF}
 */
public record GatewayConfig(
    String host,
    int port,
    Path modelRepository,
    String bootstrapServers,
    String predictionsTopic,
    String labelsTopic,
    String modelEventsTopic,
    int predictionLogCapacity,
    long maxBodyBytes,
    Device device,
    ModelLifecycle lifecycle,
    boolean predictionLog,
    BatchingConfig batching) {

  /** Default port of the gateway, as in the product contract. */
  public static final int DEFAULT_PORT = 8080;

  /** Default largest request body: 8 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  /** Default capacity of the in-memory prediction log. */
  public static final int DEFAULT_PREDICTION_LOG_CAPACITY = 10_000;

  public GatewayConfig {
    requireText(host, "gateway.host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("gateway.port must be 0..65535, was " + port);
    }
    Objects.requireNonNull(modelRepository, "gateway.model-repository must be set");
    requireText(bootstrapServers, "gateway.bootstrap-servers");
    requireText(predictionsTopic, "gateway.predictions-topic");
    requireText(labelsTopic, "gateway.labels-topic");
    requireText(modelEventsTopic, "gateway.model-events-topic");
    if (predictionLogCapacity < 1) {
      throw new IllegalArgumentException(
          "gateway.prediction-log-capacity must be at least 1, was " + predictionLogCapacity);
    }
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "gateway.max-body-bytes must be 1.." + Integer.MAX_VALUE + ", was " + maxBodyBytes);
    }
    Objects.requireNonNull(device, "gateway.device must be one of AUTO, CPU, CUDA");
    Objects.requireNonNull(lifecycle, "gateway lifecycle settings must be set");
    Objects.requireNonNull(batching, "gateway.max-batch-size and related keys must be set");
  }

  /**
   * Binds 127.0.0.1:8080, topics {@code predictions}, {@code labels} and {@code model-events}, a 10
   * 000-event log, 8 MiB bodies, device AUTO, the default lifecycle, the prediction log on and
   * batching off.
   */
  public static GatewayConfig defaults(Path modelRepository, String bootstrapServers) {
    return new GatewayConfig(
        "127.0.0.1",
        DEFAULT_PORT,
        modelRepository,
        bootstrapServers,
        "predictions",
        "labels",
        "model-events",
        DEFAULT_PREDICTION_LOG_CAPACITY,
        DEFAULT_MAX_BODY_BYTES,
        Device.AUTO,
        ModelLifecycle.defaults(),
        true,
        BatchingConfig.OFF);
  }

  public GatewayConfig withHost(String newHost) {
    return toBuilder().host(newHost).build();
  }

  public GatewayConfig withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  public GatewayConfig withTopics(String newPredictionsTopic, String newLabelsTopic) {
    return toBuilder().predictionsTopic(newPredictionsTopic).labelsTopic(newLabelsTopic).build();
  }

  public GatewayConfig withPredictionLogCapacity(int newCapacity) {
    return toBuilder().predictionLogCapacity(newCapacity).build();
  }

  public GatewayConfig withMaxBodyBytes(long newMaxBodyBytes) {
    return toBuilder().maxBodyBytes(newMaxBodyBytes).build();
  }

  public GatewayConfig withDevice(Device newDevice) {
    return toBuilder().device(newDevice).build();
  }

  public GatewayConfig withLifecycle(ModelLifecycle newLifecycle) {
    return toBuilder().lifecycle(newLifecycle).build();
  }

  public GatewayConfig withPredictionLog(boolean enabled) {
    return toBuilder().predictionLog(enabled).build();
  }

  public GatewayConfig withBatching(BatchingConfig newBatching) {
    return toBuilder().batching(newBatching).build();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Settings changed one at a time, validated by {@link #build}. Not thread-safe. */
  public static final class Builder {
    private String host;
    private int port;
    private Path modelRepository;
    private String bootstrapServers;
    private String predictionsTopic;
    private String labelsTopic;
    private String modelEventsTopic;
    private int predictionLogCapacity;
    private long maxBodyBytes;
    private Device device;
    private ModelLifecycle lifecycle;
    private boolean predictionLog;
    private BatchingConfig batching;

    private Builder(GatewayConfig config) {
      host = config.host;
      port = config.port;
      modelRepository = config.modelRepository;
      bootstrapServers = config.bootstrapServers;
      predictionsTopic = config.predictionsTopic;
      labelsTopic = config.labelsTopic;
      modelEventsTopic = config.modelEventsTopic;
      predictionLogCapacity = config.predictionLogCapacity;
      maxBodyBytes = config.maxBodyBytes;
      device = config.device;
      lifecycle = config.lifecycle;
      predictionLog = config.predictionLog;
      batching = config.batching;
    }

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder modelRepository(Path value) {
      this.modelRepository = value;
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

    public Builder modelEventsTopic(String value) {
      this.modelEventsTopic = value;
      return this;
    }

    public Builder predictionLogCapacity(int value) {
      this.predictionLogCapacity = value;
      return this;
    }

    public Builder maxBodyBytes(long value) {
      this.maxBodyBytes = value;
      return this;
    }

    public Builder device(Device value) {
      this.device = value;
      return this;
    }

    public Builder lifecycle(ModelLifecycle value) {
      this.lifecycle = value;
      return this;
    }

    public Builder predictionLog(boolean value) {
      this.predictionLog = value;
      return this;
    }

    public Builder batching(BatchingConfig value) {
      this.batching = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the key of the first invalid setting
     */
    public GatewayConfig build() {
      return new GatewayConfig(
          host,
          port,
          modelRepository,
          bootstrapServers,
          predictionsTopic,
          labelsTopic,
          modelEventsTopic,
          predictionLogCapacity,
          maxBodyBytes,
          device,
          lifecycle,
          predictionLog,
          batching);
    }
  }

  private static void requireText(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " must not be blank");
    }
  }
}
