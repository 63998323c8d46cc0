package io.driftwatch.retraining;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The work waiting for the single {@link RetrainWorker}: at most one job per model, at most {@code
 * capacity} models pending, in arrival order.
 *
 * <p>Coalescing: a trigger for a model whose job is pending joins that job (a rollback check
 * upgrades a pending plain retrain); a trigger for a model whose job is running is dropped, since
 * the running retrain already reads the latest traffic. Both are counted ({@link #coalesced()}).
 * The exception is a rollback check while a job without one is running: folding it in would lose
 * the rollback decision, so it is queued as the model's pending job (cooldown and capacity apply as
 * to any new job) and runs once the running one is finished.
 *
 * <p>Cooldown: a retrain of a model is queued at most once per {@code cooldown}, counted from when
 * the previous one was queued whatever its outcome (so a model without enough labels is not re-read
 * from Kafka on every window). A rollback check is not held back by the cooldown, but a retrain it
 * falls back to is.
 *
 * <p>Full: when {@code capacity} distinct models are pending, a new model's trigger is refused
 * ({@link Outcome#FULL}); the receiver answers 503 with {@code Retry-After}, so the monitoring job
 * retries and, if the queue stays full, dead-letters the alert.
 *
 * <p>Thread-safe (monitor on this object); time from the injected clock.
 */
public final class RetrainQueue {

  /**
   * One model's pending work.
   *
   * @param trigger the alert that asked for it (for a rollback check, the alert that qualified)
   * @param checkRollback whether to check the rollback conditions first
   * @param retrain whether to retrain (when no rollback happens)
   */
  public record Job(ReceivedAlert trigger, boolean checkRollback, boolean retrain) {
    public String model() {
      return trigger.model();
    }
  }

  /** How an offer ended. */
  public enum Outcome {
    QUEUED,
    COALESCED,
    COOLDOWN,
    FULL
  }

  /**
   * @param outcome what happened
   * @param detail why, in one line
   */
  public record Offer(Outcome outcome, String detail) {}

  private final Clock clock;
  private final Duration cooldown;
  private final int capacity;
  private final LinkedHashMap<String, Job> pending = new LinkedHashMap<>();
  private final Map<String, Instant> lastRetrainQueued = new HashMap<>();
  private Job running;
  private long coalesced;

  /**
   * @param cooldown minimum time between two queued retrains of one model, {@code >= 0}
   * @param capacity models pending at most, {@code >= 1}
   */
  public RetrainQueue(Clock clock, Duration cooldown, int capacity) {
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown: must not be negative, got " + cooldown);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("queue-capacity: must be >= 1, got " + capacity);
    }
    this.clock = clock;
    this.cooldown = cooldown;
    this.capacity = capacity;
  }

  /**
   * Offers work for {@code trigger}'s model.
   *
   * @param checkRollback whether the alert qualifies for a rollback check
   * @param retrain whether the alert asks for a retrain
   */
  public synchronized Offer offer(ReceivedAlert trigger, boolean checkRollback, boolean retrain) {
    if (!checkRollback && !retrain) {
      throw new IllegalArgumentException("an offer must ask for a retrain or a rollback check");
    }
    String model = trigger.model();
    Job waiting = pending.get(model);
    if (waiting != null) {
      coalesced++;
      boolean upgrade = checkRollback && !waiting.checkRollback();
      pending.put(
          model,
          new Job(
              upgrade ? trigger : waiting.trigger(),
              upgrade || waiting.checkRollback(),
              waiting.retrain()));
      return new Offer(
          Outcome.COALESCED,
          "joined the job already pending for "
              + model
              + (upgrade ? " (now with a rollback check)" : ""));
    }
    boolean runningJobCoversIt =
        running != null
            && running.model().equals(model)
            && (running.checkRollback() || !checkRollback);
    if (runningJobCoversIt) {
      coalesced++;
      return new Offer(
          Outcome.COALESCED, "a job for " + model + " is running and reads the latest traffic");
    }
    Instant now = clock.instant();
    Instant last = lastRetrainQueued.get(model);
    boolean coolingDown = last != null && now.isBefore(last.plus(cooldown));
    boolean retrainNow = retrain && !coolingDown;
    if (!retrainNow && !checkRollback) {
      return new Offer(
          Outcome.COOLDOWN,
          "retrain of " + model + " queued at " + last + "; cooldown until " + last.plus(cooldown));
    }
    if (pending.size() >= capacity) {
      return new Offer(
          Outcome.FULL, "queue full: " + capacity + " models pending (--queue-capacity)");
    }
    if (retrainNow) {
      lastRetrainQueued.put(model, now);
    }
    pending.put(model, new Job(trigger, checkRollback, retrainNow));
    notifyAll();
    return new Offer(
        Outcome.QUEUED,
        (checkRollback ? "rollback check" + (retrainNow ? ", else retrain," : "") : "retrain")
            + " queued"
            + (retrain && coolingDown
                ? " (no retrain fallback: cooldown until " + last.plus(cooldown) + ")"
                : ""));
  }

  /** Waits for the oldest pending job and marks its model running. */
  public synchronized Job take() throws InterruptedException {
    while (pending.isEmpty()) {
      wait();
    }
    var oldest = pending.entrySet().iterator();
    Job job = oldest.next().getValue();
    oldest.remove();
    running = job;
    return job;
  }

  /** Marks {@code model}'s job done; later triggers for it are offered anew. */
  public synchronized void finished(String model) {
    if (running != null && running.model().equals(model)) {
      running = null;
    }
  }

  /** Triggers that joined a pending or running job since start. */
  public synchronized long coalesced() {
    return coalesced;
  }

  /** Models pending, oldest first. */
  public synchronized List<String> pendingModels() {
    return List.copyOf(pending.keySet());
  }

  /** The model whose job is running, if any. */
  public synchronized Optional<String> runningModel() {
    return Optional.ofNullable(running).map(Job::model);
  }

  /** The queue's bound on pending models. */
  public int capacity() {
    return capacity;
  }
}
