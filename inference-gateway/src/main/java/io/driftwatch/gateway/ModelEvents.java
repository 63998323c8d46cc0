package io.driftwatch.gateway;

import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import java.time.Instant;

/**
 * Turns a repository version's load outcome into its {@code model-events} record: LOADED with the
 * descriptor, lineage and reference profile (when the version has one), LOAD_FAILED with the
 * reason, or UNLOADED. Key = {@code model/version}, so the compacted topic keeps the latest state
 * of every version.
 */
final class ModelEvents {

  private ModelEvents() {}

  static ModelEvent of(VersionState state, Instant at) {
    return state
        .loaded()
        .map(
            model ->
                model
                    .descriptor()
                    .toModelEvent(
                        model.name(),
                        model.version(),
                        ModelEventType.LOADED,
                        at,
                        null,
                        model.referenceProfile()))
        .orElseGet(
            () ->
                ModelEvent.newBuilder()
                    .setModel(state.model())
                    .setVersion(state.version())
                    .setType(ModelEventType.LOAD_FAILED)
                    .setEventTime(at)
                    .setMessage(state.reason())
                    .build());
  }

  /**
   * UNLOADED: the version no longer serves. The schema keeps {@code message} for load failures, so
   * the reason is only logged.
   */
  static ModelEvent unloaded(String model, String version, Instant at) {
    return ModelEvent.newBuilder()
        .setModel(model)
        .setVersion(version)
        .setType(ModelEventType.UNLOADED)
        .setEventTime(at)
        .build();
  }

  static String key(ModelEvent event) {
    return event.getModel() + "/" + event.getVersion();
  }
}
