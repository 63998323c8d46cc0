package io.driftwatch.flink.source;

import io.driftwatch.schemas.PredictionEvent;

/**
 * Decodes Kafka {@code predictions} values (Avro single-object encoding) into {@link
 * PredictionEvent}s. A record that cannot be decoded, or decodes to an impossible event (negative
 * latency), is skipped: counted in the metric {@value #UNDECODABLE_METRIC} and logged with its
 * topic, partition, offset and reason. It never fails the job.
 */
public final class PredictionEventDeserializer extends SingleObjectDeserializer<PredictionEvent> {

  private static final long serialVersionUID = 1L;

  /** Name of the counter of skipped records, in the source's metric group. */
  public static final String UNDECODABLE_METRIC = "undecodablePredictions";

  public PredictionEventDeserializer() {
    super(PredictionEvent.class, UNDECODABLE_METRIC, false);
  }

  @Override
  String invalid(PredictionEvent event) {
    return event.getLatencyMicros() < 0
        ? "negative latency_micros " + event.getLatencyMicros()
        : null;
  }
}
