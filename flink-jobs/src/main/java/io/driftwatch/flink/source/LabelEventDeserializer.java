package io.driftwatch.flink.source;

import io.driftwatch.schemas.LabelEvent;

/**
 * Decodes Kafka {@code labels} values (Avro single-object encoding) into {@link LabelEvent}s. A
 * record without a value or one that cannot be decoded is skipped, counted in {@value
 * #UNDECODABLE_METRIC} and logged with its position and reason; it never fails the job.
 */
public final class LabelEventDeserializer extends SingleObjectDeserializer<LabelEvent> {

  private static final long serialVersionUID = 1L;

  public static final String UNDECODABLE_METRIC = "undecodableLabels";

  public LabelEventDeserializer() {
    super(LabelEvent.class, UNDECODABLE_METRIC, false);
  }
}
