package io.driftwatch.retraining;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most recent decisions, newest first, at most {@code capacity} of them (older ones are
 * dropped; the log file keeps every one). Thread-safe: the HTTP threads and the worker record into
 * it while {@code /status} reads it.
 */
public final class DecisionLog {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);

  private final int capacity;
  private final Deque<Decision> recent = new ArrayDeque<>();

  /**
   * @param capacity decisions kept, {@code >= 1}
   */
  public DecisionLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("status-limit: must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Keeps {@code decision} and writes it to the log. */
  public void record(Decision decision) {
    LOG.info(
        "{} model={} version={} rule={} fingerprint={}: {}",
        decision.action().label(),
        decision.model(),
        decision.version(),
        decision.rule(),
        decision.fingerprint(),
        decision.detail());
    synchronized (recent) {
      recent.addFirst(decision);
      while (recent.size() > capacity) {
        recent.removeLast();
      }
    }
  }

  /** The kept decisions, newest first (a copy). */
  public List<Decision> recent() {
    synchronized (recent) {
      return List.copyOf(new ArrayList<>(recent));
    }
  }
}
