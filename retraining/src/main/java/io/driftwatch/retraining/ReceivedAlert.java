package io.driftwatch.retraining;

import io.driftwatch.stats.alerting.AlertStatus;
import java.util.Objects;

/**
 * One alert of a received webhook, reduced to what the receiver decides on.
 *
 * @param status firing or resolved
 * @param rule the {@code alertname} label: the rule's name
 * @param severity the {@code severity} label ({@code info}, {@code warning}, {@code critical}), or
 *     "" when absent
 * @param model the {@code model} label, or null when absent
 * @param version the {@code version} label, or null when absent
 * @param fingerprint the alert's fingerprint (16 hex characters when sent by Driftwatch)
 * @param value the {@code value} annotation as sent (a decimal string), or "" when absent
 * @param threshold the {@code threshold} annotation as sent, or "" when absent
 * @param startsAt the {@code startsAt} time as sent (RFC 3339), or "" when absent
 */
public record ReceivedAlert(
    AlertStatus status,
    String rule,
    String severity,
    String model,
    String version,
    String fingerprint,
    String value,
    String threshold,
    String startsAt) {

  public ReceivedAlert {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(fingerprint, "fingerprint");
    severity = severity == null ? "" : severity;
    value = value == null ? "" : value;
    threshold = threshold == null ? "" : threshold;
    startsAt = startsAt == null ? "" : startsAt;
  }

  public boolean firing() {
    return status == AlertStatus.FIRING;
  }
}
