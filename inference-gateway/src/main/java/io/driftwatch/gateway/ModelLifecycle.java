package io.driftwatch.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Gateway-wide settings of the live model repository, validated at the edge; errors name the key.
 *
 * @param repositoryPollInterval how often the repository is scanned for new, changed and removed
 *     versions, as Triton's {@code --repository-poll-secs}; {@link Duration#ZERO} turns polling off
 *     (key {@code gateway.repository-poll-interval}, default off)
 * @param defaultVersionPolicy versions loaded for a model without a {@code version_policy} in its
 *     {@code config.json} (key {@code gateway.default-version-policy}, default {@code latest(2)}:
 *     the previous version stays loaded for an instant rollback)
 * @param shadowQueueCapacity shadow copies waiting to be scored before new ones are dropped, at
 *     least 1 (key {@code gateway.shadow-queue-capacity}, default 64)
 */
public record ModelLifecycle(
    Duration repositoryPollInterval, VersionPolicy defaultVersionPolicy, int shadowQueueCapacity) {

  /** Default of {@link #shadowQueueCapacity}. */
  public static final int DEFAULT_SHADOW_QUEUE_CAPACITY = 64;

  public ModelLifecycle {
    Objects.requireNonNull(
        repositoryPollInterval, "gateway.repository-poll-interval must be set (0 for off)");
    if (repositoryPollInterval.isNegative()) {
      throw new IllegalArgumentException(
          "gateway.repository-poll-interval must not be negative, was " + repositoryPollInterval);
    }
    Objects.requireNonNull(defaultVersionPolicy, "gateway.default-version-policy must be set");
    if (shadowQueueCapacity < 1) {
      throw new IllegalArgumentException(
          "gateway.shadow-queue-capacity must be at least 1, was " + shadowQueueCapacity);
    }
  }

  /** No polling, {@code latest(2)}, 64 queued shadow copies. */
  public static ModelLifecycle defaults() {
    return new ModelLifecycle(Duration.ZERO, VersionPolicy.DEFAULT, DEFAULT_SHADOW_QUEUE_CAPACITY);
  }

  public ModelLifecycle withRepositoryPollInterval(Duration interval) {
    return new ModelLifecycle(interval, defaultVersionPolicy, shadowQueueCapacity);
  }

  public ModelLifecycle withDefaultVersionPolicy(VersionPolicy policy) {
    return new ModelLifecycle(repositoryPollInterval, policy, shadowQueueCapacity);
  }

  public ModelLifecycle withShadowQueueCapacity(int capacity) {
    return new ModelLifecycle(repositoryPollInterval, defaultVersionPolicy, capacity);
  }
}
