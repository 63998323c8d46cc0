package io.driftwatch.gateway;

import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores copies of infer requests on a model's shadow version, off the request thread: one worker
 * thread and a bounded queue of {@code capacity} copies. When the queue is full the copy is dropped
 * and counted ({@code gateway.shadow.dropped}), so a slow shadow never slows or fails the real
 * request. Each copy's outcome is logged as a {@link PredictionEvent} with variant {@code shadow};
 * its answer is never returned to anyone. Thread-safe.
 */
final class ShadowScorer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ShadowScorer.class);

  private final ThreadPoolExecutor executor;
  private final Optional<EventLog<PredictionEvent>> predictionLog;
  private final GatewayMetrics metrics;

  /**
   * @param capacity copies waiting to be scored before new ones are dropped, at least 1
   * @param predictionLog where shadow answers go; empty when the prediction log is off, and then no
   *     copy is scored, since nothing would record its answer
   */
  ShadowScorer(
      int capacity, Optional<EventLog<PredictionEvent>> predictionLog, GatewayMetrics metrics) {
    this(singleWorker(capacity), predictionLog, metrics);
  }

  /** With a given executor, which must reject (not run or block) what it cannot queue. */
  ShadowScorer(
      ThreadPoolExecutor executor,
      Optional<EventLog<PredictionEvent>> predictionLog,
      GatewayMetrics metrics) {
    this.executor = executor;
    this.predictionLog = predictionLog;
    this.metrics = metrics;
  }

  /** One worker thread and a queue of {@code capacity} copies; aborts when full. */
  static ThreadPoolExecutor singleWorker(int capacity) {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(capacity),
        runnable -> {
          Thread thread = new Thread(runnable, "shadow-scorer");
          thread.setDaemon(true);
          return thread;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Queues a copy of {@code request} for the leased {@code shadow} version, which this scorer now
   * owns and releases.
   *
   * @param receivedAt when the real request arrived; the shadow event carries the same time
   * @return false when the copy was dropped because the queue was full or the scorer closed
   */
  boolean submit(LoadedModel shadow, InferRequest request, String requestId, Instant receivedAt) {
    if (predictionLog.isEmpty()) {
      shadow.release();
      return false;
    }
    try {
      executor.execute(() -> score(shadow, request, requestId, receivedAt));
      metrics.routed(shadow.name(), TrafficPolicy.SHADOW);
      return true;
    } catch (RejectedExecutionException e) {
      shadow.release();
      metrics.shadowDropped(shadow.name());
      return false;
    }
  }

  private void score(LoadedModel shadow, InferRequest request, String requestId, Instant at) {
    InferenceAttempt attempt = new InferenceAttempt(shadow.name(), at, System.nanoTime());
    attempt.identifiedAs(Optional.of(requestId));
    attempt.servedBy(shadow.version(), shadow.descriptor());
    attempt.routedAs(TrafficPolicy.SHADOW);
    try {
      FeatureMatrix features =
          FeatureMatrix.from(request, shadow.descriptor(), shadow.inputDatatype());
      attempt.readyToRun(features, System.nanoTime());
      attempt.answered(shadow.predict(features), System.nanoTime());
      attempt.succeeded(System.nanoTime()).forEach(predictionLog.orElseThrow()::offer);
    } catch (RuntimeException e) {
      GatewayException error = GatewayException.from(e);
      LOG.debug("shadow {} version {} failed: {}", shadow.name(), shadow.version(), e.toString());
      predictionLog.orElseThrow().offer(attempt.failed(error, System.nanoTime()));
    } finally {
      shadow.release();
    }
  }

  /** Stops taking copies and waits up to {@code timeout} for queued ones; the rest are dropped. */
  void close(Duration timeout) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        for (Runnable dropped : executor.shutdownNow()) {
          LOG.debug("dropping a queued shadow copy at shutdown: {}", dropped);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
