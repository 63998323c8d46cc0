package io.driftwatch.flink.source;

import io.driftwatch.schemas.ModelEvent;
import java.time.Clock;

/**
 * Decodes Kafka {@code model-events} values (Avro single-object encoding) into {@link ModelEvent}s.
 * A compaction tombstone (null value) is skipped silently; a record that cannot be decoded or names
 * a blank model or version becomes a dead letter, counted in {@value #UNDECODABLE_METRIC} and
 * logged with its position and reason. It never fails the job.
 */
public final class ModelEventDeserializer extends SingleObjectDeserializer<ModelEvent> {

  private static final long serialVersionUID = 1L;

  public static final String UNDECODABLE_METRIC = "undecodableModelEvents";

  public ModelEventDeserializer() {
    this(Clock.systemUTC());
  }

  public ModelEventDeserializer(Clock clock) {
    super(ModelEvent.class, UNDECODABLE_METRIC, true, clock);
  }

  @Override
  String invalid(ModelEvent event) {
    return event.getModel().isBlank() || event.getVersion().isBlank()
        ? "blank model or version"
        : null;
  }
}
