package io.driftwatch.retraining;

import io.driftwatch.training.WeatherObservation;
import java.time.Instant;
import java.util.List;

/**
 * Recent answered predictions joined with their labels by request id.
 *
 * @param rows one training row per joined prediction, by event time then request id
 * @param predictionsRead prediction records read from Kafka (all models, all statuses)
 * @param labelsRead label records read from Kafka
 * @param undecodable records of either topic that were not valid Avro and were skipped
 * @param truncated whether a partition held more records in the lookback than {@code --max-records}
 *     allowed (the most recent ones were read)
 * @param from event time of the earliest joined prediction, or null when none joined
 * @param to event time of the latest joined prediction, or null when none joined
 */
public record LabeledRows(
    List<WeatherObservation> rows,
    long predictionsRead,
    long labelsRead,
    long undecodable,
    boolean truncated,
    Instant from,
    Instant to) {

  public LabeledRows {
    rows = List.copyOf(rows);
  }

  /** One line for decisions and the log. */
  public String describe() {
    return rows.size()
        + " joined rows from "
        + predictionsRead
        + " predictions and "
        + labelsRead
        + " labels"
        + (undecodable > 0 ? " (" + undecodable + " undecodable skipped)" : "")
        + (truncated ? " (capped by --max-records)" : "")
        + (from == null ? "" : ", " + from + " .. " + to);
  }
}
