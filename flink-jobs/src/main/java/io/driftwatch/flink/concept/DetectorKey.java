package io.driftwatch.flink.concept;

import java.util.Objects;

/**
 * One detector of one model version.
 *
 * @param model model name
 * @param version model version
 * @param detector detector name, the {@code detector} tag
 */
public record DetectorKey(String model, String version, String detector) {

  public DetectorKey {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(detector, "detector");
  }

  // Spelled out because Flink partitions by hashCode across JVMs.
  @Override
  public int hashCode() {
    return (model.hashCode() * 31 + version.hashCode()) * 31 + detector.hashCode();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DetectorKey key
        && model.equals(key.model)
        && version.equals(key.version)
        && detector.equals(key.detector);
  }
}
