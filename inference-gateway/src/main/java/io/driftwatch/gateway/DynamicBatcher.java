package io.driftwatch.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching for one model version: request threads queue their rows and wait; one worker
 * thread ({@code batcher-<model>-<version>}) takes the oldest request and every queued request
 * behind it that still fits into {@link BatchingConfig#maxBatchSize()} rows, waiting at most {@link
 * BatchingConfig#maxQueueDelayMicros()} µs after the oldest arrived for the batch to fill, runs the
 * model once on all rows and hands each caller its own rows of the answer.
 *
 * <ul>
 *   <li>A full queue ({@link BatchingConfig#maxQueueSize()} requests) answers 503 at once.
 *   <li>A request with more rows than the max batch size runs alone.
 *   <li>When a batched model call fails, each of its requests is run again alone, so a request
 *       whose rows the model rejects fails by itself and the others are answered.
 * </ul>
 *
 * Records {@code gateway.inference.execution.rows} per model call and the {@code
 * gateway.inference.queue.pending} gauge through {@link GatewayMetrics}. Thread-safe; {@link
 * #close} drains the queue, then fails whatever is left with 503.
 */
final class DynamicBatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

  /** How often an idle worker checks whether it should stop. */
  private static final Duration IDLE_POLL = Duration.ofMillis(100);

  private final String model;
  private final String version;
  private final BatchingConfig config;
  private final Function<FeatureMatrix, Prediction> predictor;
  private final GatewayMetrics metrics;
  private final BlockingQueue<Pending> queue;
  private final GatewayMetrics.Registration pendingGauge;
  private final Thread worker;
  private volatile boolean closing;
  // Set when the version is being retired: batches run with what they hold, waiting for no more.
  private volatile boolean draining;

  /** One queued request and where its answer goes. */
  private static final class Pending {
    final FeatureMatrix features;
    final long enqueuedNanos;
    final CompletableFuture<Prediction> answer = new CompletableFuture<>();

    Pending(FeatureMatrix features, long enqueuedNanos) {
      this.features = features;
      this.enqueuedNanos = enqueuedNanos;
    }

    int rows() {
      return features.rows();
    }
  }

  private DynamicBatcher(
      String model,
      String version,
      BatchingConfig config,
      Function<FeatureMatrix, Prediction> predictor,
      GatewayMetrics metrics) {
    this.model = model;
    this.version = version;
    this.config = config;
    this.predictor = predictor;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(config.maxQueueSize());
    this.pendingGauge = metrics.registerPendingQueue(model, version, queue::size);
    this.worker = new Thread(this::work, "batcher-" + model + "-" + version);
    this.worker.setDaemon(true);
  }

  /**
   * Creates the batcher and starts its worker.
   *
   * @param predictor runs the model on a matrix of rows directly, on the calling thread
   */
  static DynamicBatcher start(
      String model,
      String version,
      BatchingConfig config,
      Function<FeatureMatrix, Prediction> predictor,
      GatewayMetrics metrics) {
    DynamicBatcher batcher = new DynamicBatcher(model, version, config, predictor, metrics);
    batcher.worker.start();
    return batcher;
  }

  /** The rows, delay and queue bound this batcher works with. */
  BatchingConfig config() {
    return config;
  }

  /**
   * Queues the rows, waits for the batch they join to run and returns their part of its answer; its
   * {@link Prediction#computeNanos()} is the whole batch's model time.
   *
   * @throws GatewayException 503 when the queue is full or the batcher is closing, else whatever
   *     the model call threw for these rows
   */
  Prediction predict(FeatureMatrix features) {
    Pending pending = new Pending(features, System.nanoTime());
    if (closing) {
      throw closingError();
    }
    if (!queue.offer(pending)) {
      throw GatewayException.unavailable(
          "model "
              + model
              + " version "
              + version
              + " is overloaded: its queue of "
              + config.maxQueueSize()
              + (config.maxQueueSize() == 1 ? " request" : " requests")
              + " is full");
    }
    // close() may have started between the check and the offer; whoever removes the request
    // from the queue answers it, so only fail it here if it is still there.
    if (closing && queue.remove(pending)) {
      throw closingError();
    }
    try {
      return pending.answer.get();
    } catch (ExecutionException e) {
      throw GatewayException.from(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GatewayException.unavailable("interrupted while waiting for the model");
    }
  }

  /** Requests waiting for a batch. */
  int pending() {
    return queue.size();
  }

  private GatewayException closingError() {
    return GatewayException.unavailable(
        "model " + model + " version " + version + " is being unloaded");
  }

  private void work() {
    Pending carried = null;
    List<Pending> batch = new ArrayList<>();
    try {
      while (true) {
        Pending first = carried != null ? carried : next();
        carried = null;
        if (first == null) {
          return;
        }
        batch = new ArrayList<>();
        batch.add(first);
        int rows = first.rows();
        long deadline =
            first.enqueuedNanos + TimeUnit.MICROSECONDS.toNanos(config.maxQueueDelayMicros());
        while (rows < config.maxBatchSize()) {
          Pending next = queue.poll();
          if (next == null) {
            long wait = deadline - System.nanoTime();
            // In slices, so that draining runs a gathering batch at once, not after its delay.
            next =
                wait > 0 && !draining
                    ? queue.poll(Math.min(wait, IDLE_POLL.toNanos()), TimeUnit.NANOSECONDS)
                    : null;
            if (next == null) {
              if (draining || System.nanoTime() - deadline >= 0) {
                break;
              }
              continue;
            }
          }
          if (rows + next.rows() > config.maxBatchSize()) {
            // It opens the next batch rather than waiting behind later arrivals.
            carried = next;
            break;
          }
          batch.add(next);
          rows += next.rows();
        }
        run(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // Interrupted while gathering a batch, or an Error escaped the model call: nobody may wait
      // for ever on what the worker took from the queue (answered ones ignore this).
      for (Pending taken : batch) {
        taken.answer.completeExceptionally(closingError());
      }
      if (carried != null) {
        carried.answer.completeExceptionally(closingError());
      }
    }
  }

  /** The oldest queued request, or null once closing with nothing queued. */
  private Pending next() throws InterruptedException {
    while (true) {
      Pending next = queue.poll(IDLE_POLL.toNanos(), TimeUnit.NANOSECONDS);
      if (next != null || closing) {
        return next;
      }
    }
  }

  private void run(List<Pending> batch) {
    if (batch.size() == 1) {
      runAlone(batch.get(0));
      return;
    }
    List<FeatureMatrix> parts = batch.stream().map(p -> p.features).toList();
    Prediction whole;
    try {
      whole = execute(FeatureMatrix.concat(parts));
    } catch (RuntimeException e) {
      LOG.debug(
          "{} version {}: a batch of {} requests failed ({}); running each alone",
          model,
          version,
          batch.size(),
          e.toString());
      batch.forEach(this::runAlone);
      return;
    }
    int offset = 0;
    for (Pending pending : batch) {
      pending.answer.complete(whole.rows(offset, pending.rows()));
      offset += pending.rows();
    }
  }

  private void runAlone(Pending pending) {
    try {
      pending.answer.complete(execute(pending.features));
    } catch (RuntimeException e) {
      pending.answer.completeExceptionally(e);
    }
  }

  private Prediction execute(FeatureMatrix features) {
    Prediction prediction = predictor.apply(features);
    metrics.executed(model, version, features.rows());
    return prediction;
  }

  /**
   * From now on batches run with the requests they hold, waiting out no queue delay: the version is
   * being retired, and the requests already routed to it should finish, not wait for company.
   */
  void drain() {
    draining = true;
  }

  /**
   * Refuses new requests, lets the worker answer the queued ones for at most {@code timeout}, then
   * fails any still queued with 503 and removes the pending gauge. Idempotent.
   */
  void close(Duration timeout) {
    draining = true;
    closing = true;
    try {
      worker.join(timeout.toMillis());
      if (worker.isAlive()) {
        LOG.warn(
            "{} version {}: batcher still busy after {}; stopping it", model, version, timeout);
        worker.interrupt();
        worker.join(IDLE_POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      left.answer.completeExceptionally(closingError());
    }
    pendingGauge.remove();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
