package io.driftwatch.flink.source;

import io.driftwatch.schemas.LabelEvent;
import java.time.Clock;

/**
 * Decodes Kafka {@code labels} values (Avro single-object encoding) into {@link LabelEvent}s. A
 * record without a value or one that cannot be decoded becomes a dead letter, counted in {@value
 * #UNDECODABLE_METRIC} and logged with its position and reason; it never fails the job. Decoded
 * labels the join cannot use are counted by the join, in {@code label_join}.
 */
public final class LabelEventDeserializer extends SingleObjectDeserializer<LabelEvent> {

  private static final long serialVersionUID = 1L;

  public static final String UNDECODABLE_METRIC = "undecodableLabels";

  public LabelEventDeserializer() {
    this(Clock.systemUTC());
  }

  public LabelEventDeserializer(Clock clock) {
    super(LabelEvent.class, UNDECODABLE_METRIC, false, clock);
  }
}
