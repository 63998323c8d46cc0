package io.driftwatch.retraining;

import java.util.Set;

/**
 * Classifies one received alert: a firing alert of a {@code --trigger-rules} rule asks for a
 * retrain of its {@code model}; with {@code --auto-rollback}, a firing {@code critical} alert of a
 * {@code --rollback-rules} rule asks first for a rollback check (falling back to a retrain when it
 * is also a trigger rule and the rollback conditions do not hold); resolved alerts and other rules
 * are recorded only. Immutable and thread-safe; knows nothing about time (see {@link RetrainQueue}
 * for cooldown and coalescing).
 */
public final class TriggerPolicy {

  /** What to do with an alert. */
  public enum Reaction {
    RECORD,
    IGNORE,
    RETRAIN,
    ROLLBACK_CHECK
  }

  /**
   * @param reaction what to do
   * @param retrain whether a retrain is wanted (always for RETRAIN; for ROLLBACK_CHECK when the
   *     rule is also a trigger rule)
   * @param detail why, in one line
   */
  public record Verdict(Reaction reaction, boolean retrain, String detail) {}

  private static final String CRITICAL = "critical";

  private final Set<String> triggerRules;
  private final Set<String> rollbackRules;
  private final boolean autoRollback;

  public TriggerPolicy(Set<String> triggerRules, Set<String> rollbackRules, boolean autoRollback) {
    this.triggerRules = Set.copyOf(triggerRules);
    this.rollbackRules = Set.copyOf(rollbackRules);
    this.autoRollback = autoRollback;
  }

  public Verdict classify(ReceivedAlert alert) {
    if (!alert.firing()) {
      return new Verdict(Reaction.RECORD, false, "resolved: recorded only");
    }
    if (alert.model() == null || alert.model().isBlank()) {
      return new Verdict(Reaction.IGNORE, false, "the alert has no 'model' label");
    }
    boolean trigger = triggerRules.contains(alert.rule());
    if (autoRollback
        && rollbackRules.contains(alert.rule())
        && CRITICAL.equalsIgnoreCase(alert.severity())) {
      return new Verdict(
          Reaction.ROLLBACK_CHECK,
          trigger,
          "critical " + alert.rule() + ": checking whether the champion took traffic recently");
    }
    if (trigger) {
      return new Verdict(Reaction.RETRAIN, true, alert.rule() + " is a retrain trigger");
    }
    return new Verdict(
        Reaction.RECORD,
        false,
        "rule " + alert.rule() + " triggers no retrain (not in --trigger-rules)");
  }
}
