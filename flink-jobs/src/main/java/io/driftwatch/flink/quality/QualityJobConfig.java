package io.driftwatch.flink.quality;

import io.driftwatch.stats.concept.DetectorConfig;
import io.driftwatch.stats.concept.DriftDetectors;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the label join, the model-quality windows and the concept-drift detectors. Errors
 * name the command-line key.
 *
 * @param labelMaxDelay longest event time between a prediction and its label for them to join (key
 *     {@code label-max-delay}); default 10 min
 * @param window length of the tumbling quality, label-join and concept-drift windows (key {@code
 *     quality-window}); default 1 min
 * @param detectors names of the concept-drift detectors to run, each one of {@link
 *     DriftDetectors#NAMES}, with their published defaults (key {@code detectors}); empty for none;
 *     default all three
 * @param comparisonMinSamples labeled predictions each variant needs in a window before the
 *     champion-challenger test is run (key {@code comparison-min-samples}); at least 2; default 100
 */
public record QualityJobConfig(
    Duration labelMaxDelay, Duration window, List<String> detectors, long comparisonMinSamples)
    implements Serializable {

  public static final Duration DEFAULT_LABEL_MAX_DELAY = Duration.ofMinutes(10);
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  public static final long DEFAULT_COMPARISON_MIN_SAMPLES = 100;

  public QualityJobConfig {
    requirePositive("label-max-delay", labelMaxDelay);
    requirePositive("quality-window", window);
    detectors = List.copyOf(Objects.requireNonNull(detectors, "detectors"));
    for (String name : detectors) {
      if (!DriftDetectors.NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "detectors: unknown detector '" + name + "', expected some of " + DriftDetectors.NAMES);
      }
    }
    if (detectors.stream().distinct().count() != detectors.size()) {
      throw new IllegalArgumentException("detectors: a detector is named twice in " + detectors);
    }
    if (comparisonMinSamples < 2) {
      throw new IllegalArgumentException(
          "comparison-min-samples must be >= 2, was " + comparisonMinSamples);
    }
  }

  public static QualityJobConfig defaults() {
    return new QualityJobConfig(
        DEFAULT_LABEL_MAX_DELAY,
        DEFAULT_WINDOW,
        DriftDetectors.NAMES,
        DEFAULT_COMPARISON_MIN_SAMPLES);
  }

  /** The configured detectors' default configurations, in the order they were named. */
  public List<DetectorConfig> detectorConfigs() {
    return detectors.stream().map(DriftDetectors::defaults).toList();
  }

  private static void requirePositive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
  }
}
