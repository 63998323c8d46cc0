package io.driftwatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.stats.alerting.AlertStatus;
import io.driftwatch.stats.alerting.AlertTransition;
import io.driftwatch.stats.alerting.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookParserTest {

  @Test
  void readsTheAlertsTheMonitoringJobSends() throws BadWebhookException {
    AlertTransition drop =
        Alerts.firing("accuracy_drop", Severity.CRITICAL, "seattle-weather", "2");
    AlertTransition drift =
        Alerts.resolved("dataset_drift", Severity.CRITICAL, "seattle-weather", "1");

    List<ReceivedAlert> alerts = WebhookParser.parse(Alerts.webhook(drop, drift));

    assertThat(alerts).hasSize(2);
    ReceivedAlert first = alerts.get(0);
    assertThat(first.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(first.rule()).isEqualTo("accuracy_drop");
    assertThat(first.severity()).isEqualTo("critical");
    assertThat(first.model()).isEqualTo("seattle-weather");
    assertThat(first.version()).isEqualTo("2");
    assertThat(first.fingerprint()).isEqualTo(drop.fingerprint());
    assertThat(first.value()).isEqualTo("0.62");
    assertThat(first.threshold()).isEqualTo("0.7");
    assertThat(first.startsAt()).isEqualTo("2026-12-01T21:35:30Z");
    assertThat(alerts.get(1).status()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void rejectsABodyThatIsNotJson() {
    assertThatThrownBy(() -> WebhookParser.parse("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BadWebhookException.class)
        .hasMessageStartingWith("body is not JSON");
  }

  @Test
  void rejectsAWebhookWithoutAlertsNamingTheField() {
    assertThatThrownBy(
            () -> WebhookParser.parse("{\"alerts\": []}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BadWebhookException.class)
        .hasMessage("alerts: must be a non-empty array");
  }

  @Test
  void rejectsAnAlertWithoutARuleName() {
    byte[] body =
        "{\"alerts\": [{\"status\": \"firing\", \"labels\": {\"model\": \"m\"}}]}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WebhookParser.parse(body))
        .isInstanceOf(BadWebhookException.class)
        .hasMessage("alerts[0].labels.alertname: missing");
  }
}
