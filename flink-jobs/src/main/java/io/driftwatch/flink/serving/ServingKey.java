package io.driftwatch.flink.serving;

import java.util.Objects;

/**
 * The series one serving window belongs to.
 *
 * @param model model name
 * @param version model version; empty when the gateway could not resolve one
 * @param variant traffic variant: champion, challenger or shadow
 */
public record ServingKey(String model, String version, String variant) {

  public ServingKey {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(variant, "variant");
  }

  // Spelled out because Flink partitions by hashCode across JVMs; a record's generated hashCode is
  // only specified to be consistent within one JVM.
  @Override
  public int hashCode() {
    return (model.hashCode() * 31 + version.hashCode()) * 31 + variant.hashCode();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServingKey key
        && model.equals(key.model)
        && version.equals(key.version)
        && variant.equals(key.variant);
  }
}
