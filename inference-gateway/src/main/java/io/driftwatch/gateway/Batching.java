package io.driftwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How versions batch, handed to every version as it loads: never ({@link #off()}), or as the
 * gateway's {@link BatchingConfig} says for models whose {@code config.json} says nothing else
 * ({@link BatchingConfig#read}), with a {@link DynamicBatcher} per batching version. Immutable.
 */
final class Batching {

  private static final Batching OFF = new Batching(BatchingConfig.OFF, null);

  private final BatchingConfig config;
  // Null only for OFF, which reads no model configuration.
  private final GatewayMetrics metrics;

  private Batching(BatchingConfig config, GatewayMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  /** Every request runs its model directly on its own thread, whatever a model's configuration. */
  static Batching off() {
    return OFF;
  }

  /** {@code defaults} for every model, unless its {@code config.json} sets its own batching. */
  static Batching of(BatchingConfig defaults, GatewayMetrics metrics) {
    return new Batching(defaults, Objects.requireNonNull(metrics, "metrics"));
  }

  /**
   * What this batching is for versions of the model in {@code modelDirectory} whose configuration
   * is {@code modelConfig} ({@link ModelConfigFile#read}).
   */
  Batching forModel(Optional<JsonNode> modelConfig, Path modelDirectory) throws ModelLoadException {
    if (metrics == null) {
      return this;
    }
    BatchingConfig own = BatchingConfig.of(modelConfig, modelDirectory, config);
    return own.equals(config) ? this : new Batching(own, metrics);
  }

  /** The rows, delay and queue bound versions batch with; max batch size 1 when they do not. */
  BatchingConfig config() {
    return config;
  }

  /** A started batcher in front of {@code direct}, or empty when batching is off. */
  Optional<DynamicBatcher> start(
      String model, String version, Function<FeatureMatrix, Prediction> direct) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    return Optional.of(DynamicBatcher.start(model, version, config, direct, metrics));
  }
}
