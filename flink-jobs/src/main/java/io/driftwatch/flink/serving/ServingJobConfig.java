package io.driftwatch.flink.serving;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the serving metrics topology.
 *
 * @param window length of the tumbling event-time windows; positive, whole milliseconds; default 10
 *     s
 */
public record ServingJobConfig(Duration window) implements Serializable {

  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

  public ServingJobConfig {
    Objects.requireNonNull(window, "serving-window");
    if (window.toMillis() <= 0 || !window.equals(Duration.ofMillis(window.toMillis()))) {
      throw new IllegalArgumentException(
          "serving-window must be a positive whole number of milliseconds, was " + window);
    }
  }

  public static ServingJobConfig defaults() {
    return new ServingJobConfig(DEFAULT_WINDOW);
  }
}
