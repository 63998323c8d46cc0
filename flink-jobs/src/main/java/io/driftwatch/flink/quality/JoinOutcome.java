package io.driftwatch.flink.quality;

import io.driftwatch.flink.drift.ModelVersionKey;

/**
 * Counts of what the label join did, per model version (empty model and version for labels that
 * matched no prediction); summed per window into InfluxDB {@code label_join}.
 *
 * @param model model name, empty for unmatched labels
 * @param version model version, empty for unmatched labels
 * @param matched predictions joined with their label within the maximum delay
 * @param expired predictions whose label did not come within the maximum delay
 * @param lateOrUnmatched labels that joined no prediction: too late, unknown request id (a refused
 *     request, or a prediction already expired and forgotten) or a second label of one request
 * @param unusable joined labels whose type fits neither the prediction's class nor its value
 */
public record JoinOutcome(
    String model, String version, long matched, long expired, long lateOrUnmatched, long unusable) {

  static JoinOutcome matched(String model, String version) {
    return new JoinOutcome(model, version, 1, 0, 0, 0);
  }

  static JoinOutcome expired(String model, String version) {
    return new JoinOutcome(model, version, 0, 1, 0, 0);
  }

  static JoinOutcome unmatchedLabel() {
    return new JoinOutcome("", "", 0, 0, 1, 0);
  }

  static JoinOutcome unusable(String model, String version) {
    return new JoinOutcome(model, version, 0, 0, 0, 1);
  }

  public ModelVersionKey key() {
    return new ModelVersionKey(model, version);
  }

  /** The sum of both counts; model and version are this one's. */
  public JoinOutcome plus(JoinOutcome other) {
    return new JoinOutcome(
        model,
        version,
        matched + other.matched,
        expired + other.expired,
        lateOrUnmatched + other.lateOrUnmatched,
        unusable + other.unusable);
  }
}
