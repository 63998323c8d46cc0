package io.driftwatch.gateway;

import io.driftwatch.schemas.PredictionEvent;
import java.util.Optional;

/**
 * Records the outcome of every infer request, success or failure: request meters and, unless the
 * prediction log is off, {@link PredictionEvent}s offered to it (never blocking): one per answered
 * row, one per refused request. Thread-safe.
 */
final class InferenceRecorder {

  private final GatewayMetrics metrics;
  private final Optional<EventLog<PredictionEvent>> predictionLog;

  /**
   * @param predictionLog empty when the prediction log is off: no events are even built
   */
  InferenceRecorder(GatewayMetrics metrics, Optional<EventLog<PredictionEvent>> predictionLog) {
    this.metrics = metrics;
    this.predictionLog = predictionLog;
  }

  void succeeded(InferenceAttempt attempt) {
    long now = System.nanoTime();
    metrics.succeeded(
        attempt.model(),
        attempt.version(),
        attempt.elapsedNanos(now),
        attempt.queueNanos(),
        attempt.computeNanos(),
        attempt.rows());
    predictionLog.ifPresent(log -> attempt.succeeded(now).forEach(log::offer));
  }

  void failed(InferenceAttempt attempt, GatewayException error) {
    metrics.failed(attempt.model(), attempt.version(), error.status());
    predictionLog.ifPresent(log -> log.offer(attempt.failed(error, System.nanoTime())));
  }
}
