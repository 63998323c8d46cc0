package io.driftwatch.retraining;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing the receiver decided or did, as listed by {@code GET /status}.
 *
 * @param time when (receiver clock)
 * @param action what
 * @param model the alert's model, or "" when it named none
 * @param version the alert's version (or the new version for {@link Action#RETRAINED}), or ""
 * @param rule the alert's rule
 * @param fingerprint the alert's fingerprint
 * @param detail why, in one line
 */
public record Decision(
    Instant time,
    Action action,
    String model,
    String version,
    String rule,
    String fingerprint,
    String detail) {

  public Decision {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(action, "action");
    model = model == null ? "" : model;
    version = version == null ? "" : version;
    rule = rule == null ? "" : rule;
    fingerprint = fingerprint == null ? "" : fingerprint;
    detail = detail == null ? "" : detail;
  }

  /** A decision about {@code alert}. */
  public static Decision about(ReceivedAlert alert, Instant time, Action action, String detail) {
    return new Decision(
        time, action, alert.model(), alert.version(), alert.rule(), alert.fingerprint(), detail);
  }

  /** The same decision naming {@code newVersion} instead of the alert's version. */
  public Decision withVersion(String newVersion) {
    return new Decision(time, action, model, newVersion, rule, fingerprint, detail);
  }
}
