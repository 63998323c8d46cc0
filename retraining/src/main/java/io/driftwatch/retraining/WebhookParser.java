package io.driftwatch.retraining;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.stats.alerting.AlertStatus;
import io.driftwatch.stats.alerting.Fingerprint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the alerts of a Prometheus Alertmanager webhook body (version "4", as {@code
 * io.driftwatch.stats.alerting.AlertmanagerPayload} writes it): {@code alerts[]} with {@code
 * status}, {@code labels} (at least {@code alertname}), {@code annotations} and {@code
 * fingerprint}. Unknown fields are ignored; an alert without a fingerprint gets the one Driftwatch
 * would compute from its labels. Stateless and thread-safe.
 */
public final class WebhookParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookParser() {}

  /**
   * The alerts of {@code body} (UTF-8 JSON), in order.
   *
   * @throws BadWebhookException when the body is not JSON, has no non-empty {@code alerts} array,
   *     or an alert lacks a status or {@code alertname}; the message names the field
   */
  public static List<ReceivedAlert> parse(byte[] body) throws BadWebhookException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadWebhookException("body is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BadWebhookException("body is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new BadWebhookException("body must be a JSON object");
    }
    JsonNode alerts = root.get("alerts");
    if (alerts == null || !alerts.isArray() || alerts.isEmpty()) {
      throw new BadWebhookException("alerts: must be a non-empty array");
    }
    List<ReceivedAlert> parsed = new ArrayList<>(alerts.size());
    for (int i = 0; i < alerts.size(); i++) {
      parsed.add(alert(alerts.get(i), "alerts[" + i + "]"));
    }
    return List.copyOf(parsed);
  }

  private static ReceivedAlert alert(JsonNode alert, String at) throws BadWebhookException {
    if (!alert.isObject()) {
      throw new BadWebhookException(at + ": must be an object");
    }
    AlertStatus status = status(alert.path("status").asText(""), at);
    Map<String, String> labels = strings(alert.get("labels"), at + ".labels");
    String rule = labels.get("alertname");
    if (rule == null || rule.isBlank()) {
      throw new BadWebhookException(at + ".labels.alertname: missing");
    }
    Map<String, String> annotations = strings(alert.get("annotations"), at + ".annotations");
    String fingerprint = alert.path("fingerprint").asText("");
    return new ReceivedAlert(
        status,
        rule,
        labels.get("severity"),
        labels.get("model"),
        labels.get("version"),
        fingerprint.isBlank() ? Fingerprint.of(labels) : fingerprint,
        annotations.get("value"),
        annotations.get("threshold"),
        alert.path("startsAt").asText(""));
  }

  private static AlertStatus status(String text, String at) throws BadWebhookException {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "firing" -> AlertStatus.FIRING;
      case "resolved" -> AlertStatus.RESOLVED;
      default ->
          throw new BadWebhookException(
              at + ".status: must be firing or resolved, got '" + text + "'");
    };
  }

  private static Map<String, String> strings(JsonNode node, String at) throws BadWebhookException {
    Map<String, String> values = new TreeMap<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isObject()) {
      throw new BadWebhookException(at + ": must be an object of strings");
    }
    var fields = node.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (!field.getValue().isValueNode()) {
        throw new BadWebhookException(at + "." + field.getKey() + ": must be a string");
      }
      values.put(field.getKey(), field.getValue().asText());
    }
    return values;
  }
}
