package io.driftwatch.retraining;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a qualifying alert (see {@link TriggerPolicy}) rolls its model back: only when the
 * alerting version is the gateway's current champion, became champion at most {@code window} ago (a
 * version that took traffic recently, so the regression is most likely its own), and the gateway
 * has a previous champion to return to. A champion since a time in the future (clock skew between
 * hosts) counts as recent. Immutable and thread-safe.
 */
public final class RollbackPolicy {

  /**
   * @param rollBack whether to call the gateway's rollback
   * @param explanation for a rollback, the reason sent to the gateway: {@code "<rule> fired on
   *     version V (value X, threshold T, fingerprint F); champion since S"}; otherwise why not
   */
  public record Verdict(boolean rollBack, String explanation) {}

  private final Duration window;

  /**
   * @param window how recently the champion must have started, {@code > 0}
   */
  public RollbackPolicy(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("rollback-window: must be > 0, got " + window);
    }
    this.window = window;
  }

  public Verdict decide(ReceivedAlert alert, TrafficState traffic, Instant now) {
    String version = alert.version();
    if (version == null || version.isBlank()) {
      return new Verdict(false, "the alert has no 'version' label");
    }
    if (!version.equals(traffic.champion())) {
      return new Verdict(
          false,
          "version " + version + " is not the champion (champion is " + traffic.champion() + ")");
    }
    if (traffic.championSince() == null) {
      return new Verdict(
          false, "the gateway does not say since when version " + version + " is champion");
    }
    Duration age = Duration.between(traffic.championSince(), now);
    if (age.compareTo(window) > 0) {
      return new Verdict(
          false,
          "version "
              + version
              + " is champion since "
              + traffic.championSince()
              + ", longer than --rollback-window "
              + window);
    }
    if (traffic.previousChampion() == null || traffic.previousChampion().isBlank()) {
      return new Verdict(false, "the gateway has no previous champion to roll back to");
    }
    return new Verdict(
        true,
        alert.rule()
            + " fired on version "
            + version
            + " (value "
            + alert.value()
            + ", threshold "
            + alert.threshold()
            + ", fingerprint "
            + alert.fingerprint()
            + "); champion since "
            + traffic.championSince());
  }
}
