package io.driftwatch.flink.drift;

import io.driftwatch.stats.drift.DriftPolicy;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the drift topology.
 *
 * @param window length of the event-time windows compared with the reference; positive, whole
 *     milliseconds; default 1 min
 * @param slide how often a window starts; equal to {@code window} for tumbling windows (the
 *     default), shorter for sliding ones (each event then updates window/slide windows); at most
 *     {@code window}
 * @param policy drift methods, thresholds and the dataset-level decision
 * @param maxPending closed windows kept per model version until its reference profile arrives;
 *     1..1000, default 16
 * @param shards feature shards per model version, 1..256, default 4: the drift windows of one model
 *     version spread over up to this many parallel subtasks
 */
public record DriftJobConfig(
    Duration window, Duration slide, DriftPolicy policy, int maxPending, int shards)
    implements Serializable {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  public static final int DEFAULT_MAX_PENDING = 16;
  public static final int DEFAULT_SHARDS = 4;

  public DriftJobConfig {
    requireWholeMillis("drift-window", window);
    requireWholeMillis("drift-slide", slide);
    if (slide.compareTo(window) > 0) {
      throw new IllegalArgumentException(
          "drift-slide must be at most drift-window (" + window + "), was " + slide);
    }
    Objects.requireNonNull(policy, "drift policy");
    if (maxPending < 1 || maxPending > 1000) {
      throw new IllegalArgumentException(
          "drift-max-pending-windows must be 1..1000, was " + maxPending);
    }
    if (shards < 1 || shards > 256) {
      throw new IllegalArgumentException("drift-shards must be 1..256, was " + shards);
    }
  }

  public static DriftJobConfig defaults() {
    return new DriftJobConfig(
        DEFAULT_WINDOW,
        DEFAULT_WINDOW,
        DriftPolicy.defaults(),
        DEFAULT_MAX_PENDING,
        DEFAULT_SHARDS);
  }

  public boolean tumbling() {
    return slide.equals(window);
  }

  private static void requireWholeMillis(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.toMillis() <= 0 || !value.equals(Duration.ofMillis(value.toMillis()))) {
      throw new IllegalArgumentException(
          key + " must be a positive whole number of milliseconds, was " + value);
    }
  }
}
