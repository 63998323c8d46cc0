package io.driftwatch.gateway;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ModelRepository#poll} every {@code interval} on one daemon thread, the first pass one
 * interval after start (the repository loaded itself at start). Fixed delay, so a slow pass is
 * never overlapped by the next. Thread-safe.
 */
final class RepositoryPoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RepositoryPoller.class);

  private final ScheduledExecutorService executor;

  private RepositoryPoller(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** Starts polling; {@code interval} must be positive. */
  static RepositoryPoller start(ModelRepository repository, Duration interval) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "repository-poller");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, interval.toMillis());
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            repository.poll();
          } catch (RuntimeException e) {
            // A failed pass must not cancel the schedule; the next one tries again.
            LOG.warn("polling {} failed: {}", repository.root(), e.toString());
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    LOG.info("polling {} every {}", repository.root(), interval);
    return new RepositoryPoller(executor);
  }

  /** Stops polling, waiting up to {@code timeout} for a running pass. */
  void close(Duration timeout) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
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
