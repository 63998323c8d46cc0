package io.driftwatch.flink.webhook;

import io.driftwatch.schemas.Alert;
import io.driftwatch.stats.alerting.AlertStatus;
import io.driftwatch.stats.alerting.AlertTransition;
import io.driftwatch.stats.alerting.Severity;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@link AlertTransition} an Avro {@link Alert} was made from, for {@code AlertmanagerPayload}.
 * The wire record carries no rule description, so the description annotation is empty.
 */
final class AlertTransitions {

  private AlertTransitions() {}

  static AlertTransition of(Alert alert) {
    SortedMap<String, String> labels = new TreeMap<>();
    alert.getLabels().forEach((k, v) -> labels.put(k.toString(), v.toString()));
    AlertStatus status = AlertStatus.valueOf(alert.getState().name());
    return new AlertTransition(
        alert.getRule().toString(),
        Severity.fromLabel(alert.getSeverity().toString()),
        labels,
        status,
        alert.getValue(),
        alert.getThreshold(),
        alert.getStartsAt(),
        status == AlertStatus.RESOLVED ? alert.getEndsAt() : null,
        alert.getWindowEnd(),
        alert.getFingerprint().toString(),
        alert.getMessage().toString(),
        "");
  }
}
