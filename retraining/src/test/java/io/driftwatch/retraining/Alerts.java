package io.driftwatch.retraining;

import io.driftwatch.stats.alerting.AlertStatus;
import io.driftwatch.stats.alerting.AlertTransition;
import io.driftwatch.stats.alerting.AlertmanagerPayload;
import io.driftwatch.stats.alerting.Fingerprint;
import io.driftwatch.stats.alerting.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Alert factories for tests: the same transitions and JSON the monitoring job sends. */
final class Alerts {

  static final Instant WINDOW_END = Instant.parse("2026-12-01T21:35:30Z");

  private Alerts() {}

  static AlertTransition firing(String rule, Severity severity, String model, String version) {
    return transition(rule, severity, model, version, AlertStatus.FIRING, 0.62, 0.7);
  }

  static AlertTransition resolved(String rule, Severity severity, String model, String version) {
    return transition(rule, severity, model, version, AlertStatus.RESOLVED, 0.8, 0.7);
  }

  static AlertTransition transition(
      String rule,
      Severity severity,
      String model,
      String version,
      AlertStatus status,
      double value,
      double threshold) {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put("alertname", rule);
    labels.put("severity", severity.label());
    labels.put("model", model);
    labels.put("version", version);
    return new AlertTransition(
        rule,
        severity,
        labels,
        status,
        value,
        threshold,
        WINDOW_END,
        status == AlertStatus.RESOLVED ? WINDOW_END.plusSeconds(60) : null,
        WINDOW_END,
        Fingerprint.of(labels),
        rule + " on " + model + " v" + version,
        "");
  }

  /** The webhook body the monitoring job sends for {@code transitions}. */
  static byte[] webhook(AlertTransition... transitions) {
    return AlertmanagerPayload.of(List.of(transitions), "retrain", null)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The parsed form of one transition, as the receiver sees it. */
  static ReceivedAlert received(AlertTransition transition) {
    try {
      return WebhookParser.parse(webhook(transition)).get(0);
    } catch (BadWebhookException e) {
      throw new AssertionError(e);
    }
  }
}
