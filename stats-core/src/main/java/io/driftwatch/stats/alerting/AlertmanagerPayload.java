package io.driftwatch.stats.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The JSON body of a webhook notification in the shape Prometheus Alertmanager sends (webhook
 * {@code version} "4"), so receivers written for Alertmanager accept Driftwatch alerts unchanged:
 *
 * <pre>{@code
 * {"version": "4", "groupKey": "{}:{alertname=\"error_rate_high\"}", "truncatedAlerts": 0,
 *  "status": "firing", "receiver": "retrain", "groupLabels": {...}, "commonLabels": {...},
 *  "commonAnnotations": {...}, "externalURL": "...",
 *  "alerts": [{"status": "firing", "labels": {...},
 *              "annotations": {"summary": ..., "description": ..., "value": ..., "threshold": ...},
 *              "startsAt": "2026-01-01T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
 *              "generatorURL": "...", "fingerprint": "1a2b3c4d5e6f7a8b"}]}
 * }</pre>
 *
 * <p>{@code status} is firing if any alert is firing, else resolved. {@code commonLabels} and
 * {@code commonAnnotations} hold the pairs equal in every alert; {@code groupLabels} the common
 * labels among the group-by names ({@code alertname} by default), and {@code groupKey} is {@code
 * {}:} followed by them as Alertmanager formats a root route's key. Times are RFC 3339 in UTC; a
 * firing alert's {@code endsAt} is Alertmanager's zero time {@value #ZERO_TIME}. Annotation values
 * are strings; value and threshold are printed exactly (shortest decimal, no exponent). The {@code
 * generatorURL} of each alert is the external URL. Stateless and thread-safe.
 */
public final class AlertmanagerPayload {

  /** Webhook format version, as Alertmanager 0.x sends. */
  public static final String VERSION = "4";

  /** Go's zero {@code time.Time}, which Alertmanager sends as a firing alert's endsAt. */
  public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  /** Group-by labels when none are given. */
  public static final List<String> DEFAULT_GROUP_BY = List.of("alertname");

  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertmanagerPayload() {}

  /** The payload of {@code transitions} grouped by {@link #DEFAULT_GROUP_BY}. */
  public static String of(List<AlertTransition> transitions, String receiver, String externalUrl) {
    return of(transitions, receiver, externalUrl, DEFAULT_GROUP_BY);
  }

  /**
   * The payload of {@code transitions}, UTF-8 when sent.
   *
   * @param transitions at least one
   * @param receiver the receiver's name, non-blank
   * @param externalUrl the Driftwatch (e.g. Grafana) URL, or null for ""
   * @param groupBy the label names of {@code groupLabels} and {@code groupKey}
   */
  public static String of(
      List<AlertTransition> transitions,
      String receiver,
      String externalUrl,
      List<String> groupBy) {
    if (transitions == null || transitions.isEmpty()) {
      throw new IllegalArgumentException("transitions must not be empty");
    }
    if (receiver == null || receiver.isBlank()) {
      throw new IllegalArgumentException("receiver must not be blank");
    }
    if (groupBy == null) {
      throw new IllegalArgumentException("groupBy must not be null");
    }
    String url = externalUrl == null ? "" : externalUrl;
    List<Map<String, String>> annotations =
        transitions.stream().map(AlertmanagerPayload::annotations).toList();
    Map<String, String> commonLabels =
        common(transitions.stream().map(AlertTransition::labels).toList());
    Map<String, String> groupLabels = new TreeMap<>();
    for (String name : groupBy) {
      if (commonLabels.containsKey(name)) {
        groupLabels.put(name, commonLabels.get(name));
      }
    }

    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("groupKey", "{}:" + labelSet(groupLabels));
    root.put("truncatedAlerts", 0);
    root.put(
        "status",
        transitions.stream().anyMatch(AlertTransition::firing)
            ? AlertStatus.FIRING.label()
            : AlertStatus.RESOLVED.label());
    root.put("receiver", receiver);
    root.set("groupLabels", object(groupLabels));
    root.set("commonLabels", object(commonLabels));
    root.set("commonAnnotations", object(common(annotations)));
    root.put("externalURL", url);
    ArrayNode alerts = root.putArray("alerts");
    for (int i = 0; i < transitions.size(); i++) {
      AlertTransition t = transitions.get(i);
      ObjectNode alert = alerts.addObject();
      alert.put("status", t.status().label());
      alert.set("labels", object(t.labels()));
      alert.set("annotations", object(annotations.get(i)));
      alert.put("startsAt", time(t.startsAt()));
      alert.put("endsAt", t.endsAt() == null ? ZERO_TIME : time(t.endsAt()));
      alert.put("generatorURL", url);
      alert.put("fingerprint", t.fingerprint());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serializes", e);
    }
  }

  private static Map<String, String> annotations(AlertTransition t) {
    Map<String, String> a = new TreeMap<>();
    a.put("summary", t.summary());
    a.put("description", t.description());
    a.put("value", decimal(t.value()));
    a.put("threshold", decimal(t.threshold()));
    return a;
  }

  private static String decimal(double v) {
    return Double.isFinite(v)
        ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()
        : Double.toString(v);
  }

  private static Map<String, String> common(List<? extends Map<String, String>> maps) {
    Map<String, String> common = new HashMap<>(maps.get(0));
    for (Map<String, String> m : maps.subList(1, maps.size())) {
      common.entrySet().removeIf(e -> !Objects.equals(m.get(e.getKey()), e.getValue()));
    }
    return new TreeMap<>(common);
  }

  /** Alertmanager's {@code LabelSet.String()}: {@code {a="1", b="2"}}, sorted. */
  private static String labelSet(Map<String, String> labels) {
    return new TreeMap<>(labels)
        .entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + "=\""
                        + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\"")
            .collect(Collectors.joining(", ", "{", "}"));
  }

  private static ObjectNode object(Map<String, String> map) {
    ObjectNode node = JSON.createObjectNode();
    new TreeMap<>(map).forEach(node::put);
    return node;
  }

  private static String time(Instant instant) {
    return instant.toString();
  }
}
