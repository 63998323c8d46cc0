package io.driftwatch.stats.alerting;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alert starting or ending, as emitted by {@link AlertEvaluator} for the alerts topic, the
 * {@code alerts} measurement and the webhooks.
 *
 * @param rule the rule's name
 * @param severity the rule's severity
 * @param labels the rule's labels, then the sample's tags (a tag wins over a rule label of the same
 *     name, so every series keeps its own fingerprint), then {@code alertname} = rule and {@code
 *     severity}; sorted by name
 * @param status FIRING or RESOLVED
 * @param value the field's value in the window that caused the transition
 * @param threshold the rule's (firing) threshold
 * @param startsAt the window end at which the alert fired
 * @param endsAt the window end at which it resolved; null while firing
 * @param windowEnd the window that caused the transition (= startsAt or endsAt)
 * @param fingerprint {@link Fingerprint#of} the labels, equal for FIRING and RESOLVED of one alert
 * @param summary the rendered summary annotation, see {@link AlertRule#renderSummary}
 * @param description the rule's condition in words, see {@link AlertRule#describe()}
 */
public record AlertTransition(
    String rule,
    Severity severity,
    SortedMap<String, String> labels,
    AlertStatus status,
    double value,
    double threshold,
    Instant startsAt,
    Instant endsAt,
    Instant windowEnd,
    String fingerprint,
    String summary,
    String description) {

  public AlertTransition {
    if (rule == null || severity == null || status == null || labels == null) {
      throw new IllegalArgumentException("rule, severity, status and labels must not be null");
    }
    if (startsAt == null || windowEnd == null || fingerprint == null || summary == null) {
      throw new IllegalArgumentException(
          "startsAt, windowEnd, fingerprint and summary must not be null");
    }
    if ((status == AlertStatus.RESOLVED) != (endsAt != null)) {
      throw new IllegalArgumentException(
          "endsAt must be set exactly when resolved, status=" + status + " endsAt=" + endsAt);
    }
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    description = description == null ? "" : description;
  }

  /** Whether this transition starts an alert. */
  public boolean firing() {
    return status == AlertStatus.FIRING;
  }
}
