package io.driftwatch.flink.serving;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;

/**
 * What the serving metrics need of a prediction, projected at the source so that only these few
 * fields cross the network to the windows (a whole {@link PredictionEvent} with its feature maps
 * costs several times more to serialize).
 *
 * @param model model name
 * @param version model version; empty when the gateway could not resolve one
 * @param variant traffic variant
 * @param latencyMicros server-side latency in microseconds, at least 0
 * @param error whether the request's status was not OK
 */
public record ServingObservation(
    String model, String version, String variant, long latencyMicros, boolean error) {

  public static ServingObservation of(PredictionEvent event) {
    return new ServingObservation(
        event.getModel(),
        event.getVersion(),
        event.getVariant(),
        event.getLatencyMicros(),
        event.getStatus() != PredictionStatus.OK);
  }

  public ServingKey key() {
    return new ServingKey(model, version, variant);
  }
}
