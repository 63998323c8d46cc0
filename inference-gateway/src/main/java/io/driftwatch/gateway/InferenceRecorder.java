package io.driftwatch.gateway;

import io.driftwatch.schemas.PredictionEvent;

/**
 * Records the outcome of every infer request, success or failure: request meters and one {@link
 * PredictionEvent} offered to the prediction log (never blocking). Thread-safe.
 */
final class InferenceRecorder {

  private final GatewayMetrics metrics;
  private final EventLog<PredictionEvent> predictionLog;

  InferenceRecorder(GatewayMetrics metrics, EventLog<PredictionEvent> predictionLog) {
    this.metrics = metrics;
    this.predictionLog = predictionLog;
  }

  void succeeded(InferenceAttempt attempt) {
    long now = System.nanoTime();
    PredictionEvent event = attempt.succeeded(now);
    metrics.succeeded(
        attempt.model(),
        attempt.version(),
        attempt.elapsedNanos(now),
        attempt.queueNanos(),
        event.getComputeMicros() * 1_000,
        attempt.rows());
    predictionLog.offer(event);
  }

  void failed(InferenceAttempt attempt, GatewayException error) {
    metrics.failed(attempt.model(), attempt.version(), error.status());
    predictionLog.offer(attempt.failed(error, System.nanoTime()));
  }
}
