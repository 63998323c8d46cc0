package io.driftwatch.flink.quality;

import java.util.Objects;

/**
 * The (model, version, variant) a quality window belongs to.
 *
 * @param model model name
 * @param version model version
 * @param variant champion, challenger or shadow
 */
public record QualityKey(String model, String version, String variant) {

  public QualityKey {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(variant, "variant");
  }

  public static QualityKey of(LabeledPrediction p) {
    return new QualityKey(p.model(), p.version(), p.variant());
  }

  // Spelled out because Flink partitions by hashCode across JVMs.
  @Override
  public int hashCode() {
    return (model.hashCode() * 31 + version.hashCode()) * 31 + variant.hashCode();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof QualityKey key
        && model.equals(key.model)
        && version.equals(key.version)
        && variant.equals(key.variant);
  }
}
