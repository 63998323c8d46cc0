package io.driftwatch.flink.source;

import io.driftwatch.schemas.PredictionEvent;
import java.time.Clock;

/**
 * Decodes Kafka {@code predictions} values (Avro single-object encoding) into {@link
 * PredictionEvent}s. A record that cannot be decoded, or decodes to an impossible event (blank
 * model, which InfluxDB cannot tag; negative latency), becomes a dead letter: counted in the metric
 * {@value #UNDECODABLE_METRIC} and logged with its topic, partition, offset and reason. It never
 * fails the job.
 */
public final class PredictionEventDeserializer extends SingleObjectDeserializer<PredictionEvent> {

  private static final long serialVersionUID = 1L;

  /** Name of the counter of dead-lettered records, in the source's metric group. */
  public static final String UNDECODABLE_METRIC = "undecodablePredictions";

  public PredictionEventDeserializer() {
    this(Clock.systemUTC());
  }

  public PredictionEventDeserializer(Clock clock) {
    super(PredictionEvent.class, UNDECODABLE_METRIC, false, clock);
  }

  @Override
  String invalid(PredictionEvent event) {
    if (event.getModel().isBlank()) {
      return "blank model";
    }
    return event.getLatencyMicros() < 0
        ? "negative latency_micros " + event.getLatencyMicros()
        : null;
  }
}
