package io.driftwatch.flink.source;

import io.driftwatch.schemas.ModelEvent;

/**
 * Decodes Kafka {@code model-events} values (Avro single-object encoding) into {@link ModelEvent}s.
 * A compaction tombstone (null value) is skipped silently; a record that cannot be decoded is
 * skipped, counted in {@value #UNDECODABLE_METRIC} and logged with its position and reason. It
 * never fails the job.
 */
public final class ModelEventDeserializer extends SingleObjectDeserializer<ModelEvent> {

  private static final long serialVersionUID = 1L;

  public static final String UNDECODABLE_METRIC = "undecodableModelEvents";

  public ModelEventDeserializer() {
    super(ModelEvent.class, UNDECODABLE_METRIC, true);
  }
}
