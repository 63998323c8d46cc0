package io.driftwatch.stats.concept;

import java.io.Serializable;

/**
 * Validated parameters of one kind of {@link DriftDetector}; serializable so that a Flink operator
 * can carry it in its constructor and build the detector per key.
 */
public sealed interface DetectorConfig extends Serializable
    permits Adwin.Config, Ddm.Config, PageHinkley.Config {

  /** The {@link DriftDetector#name()} of the detectors this configuration builds. */
  String detectorName();

  /** A new detector with this configuration and no observations. */
  DriftDetector newDetector();
}
