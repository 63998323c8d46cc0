package io.driftwatch.retraining;

import java.util.Locale;

/** What the receiver did about one alert; written lower-case in {@code /status}. */
public enum Action {
  /** A resolved alert, or a firing one of a rule that triggers nothing: recorded only. */
  RECORDED,
  /** The alert cannot be acted on (no {@code model} label, for example). */
  IGNORED,
  /** A retrain (or rollback check) was queued for the model. */
  QUEUED,
  /** A retrain for the model was already pending or running; this trigger joined it. */
  COALESCED,
  /** The model was retrained less than the cooldown ago. */
  COOLDOWN,
  /** The queue held its maximum of distinct models; the webhook was answered 503. */
  QUEUE_FULL,
  /** A new version was written and the gateway loaded it. */
  RETRAINED,
  /** A new version was written but the gateway did not load it. */
  LOAD_FAILED,
  /** No retrain: too few joined rows, or no trainer for the model. */
  SKIPPED,
  /** The retrain or rollback failed unexpectedly (Kafka, training, file system). */
  FAILED,
  /** The gateway rolled the model back to its previous champion. */
  ROLLED_BACK,
  /** The rollback conditions did not hold; the alert was handled as a retrain trigger if any. */
  ROLLBACK_NOT_ELIGIBLE,
  /** The gateway refused the rollback (409: nothing to roll back to) or failed. */
  ROLLBACK_FAILED;

  /** {@code queued}, {@code rolled_back}, … */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
