package io.driftwatch.flink.drift;

import io.driftwatch.schemas.ModelEvent;
import java.util.Objects;

/**
 * The model version a drift window or reference profile belongs to.
 *
 * @param model model name
 * @param version model version
 */
public record ModelVersionKey(String model, String version) {

  public ModelVersionKey {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
  }

  public static ModelVersionKey of(ModelEvent event) {
    return new ModelVersionKey(event.getModel(), event.getVersion());
  }

  /** {@code model/version}, the key of the version on topic {@code model-events}. */
  public String id() {
    return model + "/" + version;
  }

  // Spelled out because Flink partitions by hashCode across JVMs; a record's generated hashCode is
  // only specified to be consistent within one JVM.
  @Override
  public int hashCode() {
    return model.hashCode() * 31 + version.hashCode();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelVersionKey key
        && model.equals(key.model)
        && version.equals(key.version);
  }
}
