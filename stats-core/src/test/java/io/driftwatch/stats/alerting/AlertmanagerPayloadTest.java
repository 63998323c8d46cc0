package io.driftwatch.stats.alerting;

import static io.driftwatch.stats.alerting.AlertSamples.errorRateRule;
import static io.driftwatch.stats.alerting.AlertSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.stats.alerting.AlertSamples.Run;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerPayloadTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String URL = "http://localhost:3000";

  private static Map<String, String> map(JsonNode node) {
    return JSON.convertValue(node, new TypeReference<Map<String, String>>() {});
  }

  private static Map<String, String> tags(String version) {
    return Map.of("model", "iris", "version", version, "variant", "champion");
  }

  /** Version 1 fires at window 2 and resolves at window 3; version 2 fires at window 2. */
  private static List<AlertTransition> transitions() {
    Run v1 = new Run(errorRateRule());
    Run v2 = new Run(errorRateRule());
    for (int w = 0; w < 3; w++) {
      v1.feed(sample("serving", tags("1"), "error_rate", 0.1, w));
      v2.feed(sample("serving", tags("2"), "error_rate", 0.25, w));
    }
    v1.feed(sample("serving", tags("1"), "error_rate", 0.0, 3));
    return List.of(v1.transitions.get(1), v2.transitions.get(0));
  }

  @Test
  void hasTheAlertmanagerWebhookShape() throws Exception {
    List<AlertTransition> transitions = transitions();

    JsonNode body = JSON.readTree(AlertmanagerPayload.of(transitions, "retrain", URL));

    assertThat(body.get("version").asText()).isEqualTo("4");
    assertThat(body.get("status").asText()).isEqualTo("firing");
    assertThat(body.get("receiver").asText()).isEqualTo("retrain");
    assertThat(body.get("externalURL").asText()).isEqualTo(URL);
    assertThat(body.get("groupKey").asText()).isEqualTo("{}:{alertname=\"error_rate_high\"}");
    assertThat(map(body.get("groupLabels"))).isEqualTo(Map.of("alertname", "error_rate_high"));
    assertThat(map(body.get("commonLabels")))
        .isEqualTo(
            Map.of(
                "alertname", "error_rate_high",
                "severity", "critical",
                "model", "iris",
                "variant", "champion"));
    assertThat(body.get("commonAnnotations").get("threshold").asText()).isEqualTo("0.05");
    assertThat(body.get("commonAnnotations").has("value")).isFalse();
    assertThat(body.get("alerts")).hasSize(2);

    JsonNode resolved = body.get("alerts").get(0);
    assertThat(resolved.get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.get("labels").get("version").asText()).isEqualTo("1");
    assertThat(resolved.get("annotations").get("value").asText()).isEqualTo("0");
    assertThat(resolved.get("annotations").get("summary").asText())
        .isEqualTo(transitions.get(0).summary());
    assertThat(resolved.get("annotations").get("description").asText())
        .startsWith("serving.error_rate > 0.05");
    assertThat(resolved.get("startsAt").asText()).isEqualTo("2026-01-01T10:02:00Z");
    assertThat(resolved.get("endsAt").asText()).isEqualTo("2026-01-01T10:03:00Z");
    assertThat(resolved.get("generatorURL").asText()).isEqualTo(URL);
    assertThat(resolved.get("fingerprint").asText()).isEqualTo(transitions.get(0).fingerprint());

    JsonNode firing = body.get("alerts").get(1);
    assertThat(firing.get("status").asText()).isEqualTo("firing");
    assertThat(firing.get("annotations").get("value").asText()).isEqualTo("0.25");
    assertThat(firing.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(firing.get("fingerprint").asText())
        .isNotEqualTo(resolved.get("fingerprint").asText());
  }

  @Test
  void statusIsResolvedOnlyWhenEveryAlertIsResolved() throws Exception {
    AlertTransition resolved = transitions().get(0);

    JsonNode body = JSON.readTree(AlertmanagerPayload.of(List.of(resolved), "retrain", null));

    assertThat(body.get("status").asText()).isEqualTo("resolved");
    assertThat(body.get("externalURL").asText()).isEmpty();
    assertThat(map(body.get("commonLabels")))
        .isEqualTo(map(body.get("alerts").get(0).get("labels")));
  }

  @Test
  void groupLabelsKeepOnlyTheCommonGroupByLabels() throws Exception {
    JsonNode body =
        JSON.readTree(AlertmanagerPayload.of(transitions(), "r", URL, List.of("model", "version")));

    assertThat(map(body.get("groupLabels"))).isEqualTo(Map.of("model", "iris"));
    assertThat(body.get("groupKey").asText()).isEqualTo("{}:{model=\"iris\"}");
  }

  @Test
  void refusesAnEmptyNotification() {
    assertThatThrownBy(() -> AlertmanagerPayload.of(List.of(), "r", URL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transitions");
  }
}
