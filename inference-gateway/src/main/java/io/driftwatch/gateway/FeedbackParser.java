package io.driftwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.LabelEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code POST /v1/feedback} bodies: one {@code {"id": "<request id>", "label": <string or
 * number>}} or a non-empty array of them. A string label is a class, a number a regression target.
 * Refuses anything else with 400 naming the offending item. Thread-safe.
 */
final class FeedbackParser {

  private final ObjectMapper json;

  FeedbackParser(ObjectMapper json) {
    this.json = json;
  }

  /**
   * @param acceptedAt when the gateway accepted the labels, from the injected clock
   */
  List<LabelEvent> parse(byte[] body, Instant acceptedAt) {
    JsonNode root = InferRequestParser.readTree(json, body);
    if (root.isObject()) {
      return List.of(label(root, "feedback", acceptedAt));
    }
    if (!root.isArray() || root.isEmpty()) {
      throw GatewayException.badRequest(
          "feedback must be an object {\"id\": ..., \"label\": ...} or a non-empty array of them");
    }
    List<LabelEvent> labels = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      labels.add(label(root.get(i), "feedback[" + i + "]", acceptedAt));
    }
    return labels;
  }

  private static LabelEvent label(JsonNode item, String where, Instant acceptedAt) {
    if (!item.isObject()) {
      throw GatewayException.badRequest(where + " must be an object with id and label");
    }
    JsonNode id = item.get("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw GatewayException.badRequest(where + ".id must be the request id as a non-empty string");
    }
    JsonNode label = item.get("label");
    LabelEvent.Builder event =
        LabelEvent.newBuilder().setRequestId(id.asText()).setEventTime(acceptedAt);
    if (label != null && label.isTextual()) {
      return event.setLabelClass(label.asText()).setLabelValue(null).build();
    }
    if (label != null && label.isNumber() && Double.isFinite(label.asDouble())) {
      return event.setLabelClass(null).setLabelValue(label.asDouble()).build();
    }
    throw GatewayException.badRequest(where + ".label must be a string (class) or a number");
  }
}
