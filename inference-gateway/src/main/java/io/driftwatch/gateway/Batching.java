package io.driftwatch.gateway;

import java.util.Optional;
import java.util.function.Function;

/**
 * Whether versions batch, handed to every version as it loads: off, or a {@link DynamicBatcher} per
 * version with the gateway's {@link BatchingConfig} and meters. Immutable.
 */
final class Batching {

  private static final Batching OFF = new Batching(BatchingConfig.OFF, null);

  private final BatchingConfig config;
  private final GatewayMetrics metrics;

  private Batching(BatchingConfig config, GatewayMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  /** Every request runs its model directly on its own thread. */
  static Batching off() {
    return OFF;
  }

  /** Batches as {@code config} says, or is off when its max batch size is 1. */
  static Batching of(BatchingConfig config, GatewayMetrics metrics) {
    return config.enabled() ? new Batching(config, metrics) : OFF;
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
