package io.driftwatch.gateway;

import java.util.Optional;

/**
 * One version directory of the repository: loaded and serving-capable, or unavailable with the
 * reason: why it failed to load, {@code unloaded}, or that its model's version policy does not
 * select it. Immutable.
 */
record VersionState(String model, String version, Optional<LoadedModel> loaded, String reason) {

  static VersionState ready(LoadedModel model) {
    return new VersionState(model.name(), model.version(), Optional.of(model), "");
  }

  static VersionState unavailable(String model, String version, String reason) {
    return new VersionState(model, version, Optional.empty(), reason);
  }

  boolean isReady() {
    return loaded.isPresent();
  }

  /** The state as Triton's repository index names it. */
  String state() {
    return isReady() ? "READY" : "UNAVAILABLE";
  }
}
