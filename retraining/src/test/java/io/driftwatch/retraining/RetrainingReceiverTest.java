package io.driftwatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.stats.alerting.Severity;
import io.driftwatch.stats.alerting.WebhookSignature;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's HTTP contract: signatures, body checks, status and health. */
class RetrainingReceiverTest {

  private static final String SECRET = "webhook-secret";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T22:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repository;
  private RetrainingReceiver receiver;

  @BeforeEach
  void startSignedReceiver() throws Exception {
    receiver = RetrainingReceiver.start(config().withSecret(SECRET), CLOCK);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private RetrainingConfig config() {
    // Kafka and the gateway are never reached: these tests only send resolved alerts.
    return RetrainingConfig.defaults(repository, "127.0.0.1:1", URI.create("http://127.0.0.1:1"))
        .withPort(0);
  }

  private static byte[] resolvedDrift() {
    return Alerts.webhook(
        Alerts.resolved("dataset_drift", Severity.CRITICAL, "seattle-weather", "1"));
  }

  private static String sign(byte[] body) {
    return WebhookSignature.sign(body, SECRET.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsASignedWebhookWith202AndListsTheDecisionInStatus() throws Exception {
    byte[] body = resolvedDrift();

    HttpResponse<String> response =
        Http.post(receiver.port(), "/webhook", body, WebhookSignature.HEADER, sign(body));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("decisions").get(0).get("action").asText())
        .isEqualTo("recorded");
    JsonNode status = JSON.readTree(Http.get(receiver.port(), "/status").body());
    JsonNode decision = status.get("decisions").get(0);
    assertThat(decision.get("action").asText()).isEqualTo("recorded");
    assertThat(decision.get("rule").asText()).isEqualTo("dataset_drift");
    assertThat(decision.get("model").asText()).isEqualTo("seattle-weather");
    assertThat(decision.get("time").asText()).isEqualTo("2026-12-01T22:00:00Z");
    assertThat(status.get("pending")).isEmpty();
    assertThat(status.get("coalesced_triggers").asLong()).isZero();
  }

  @Test
  void rejectsAnUnsignedWebhookWith401WhenASecretIsSet() throws Exception {
    HttpResponse<String> response = Http.post(receiver.port(), "/webhook", resolvedDrift());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).get("error").asText())
        .contains("missing X-Driftwatch-Signature");
    assertThat(receiver.decisions().recent()).isEmpty();
  }

  @Test
  void rejectsASignatureOfAnotherBodyWith401() throws Exception {
    byte[] body = resolvedDrift();
    String signatureOfOtherBody = sign("{}".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response =
        Http.post(receiver.port(), "/webhook", body, WebhookSignature.HEADER, signatureOfOtherBody);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("does not match the body");
    assertThat(receiver.decisions().recent()).isEmpty();
  }

  @Test
  void rejectsMalformedJsonWith400() throws Exception {
    byte[] body = "{\"alerts\": [".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response =
        Http.post(receiver.port(), "/webhook", body, WebhookSignature.HEADER, sign(body));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("body is not JSON");
  }

  @Test
  void rejectsABodyOverTheLimitWith413() throws Exception {
    byte[] body = new byte[(1 << 20) + 1];
    Arrays.fill(body, (byte) ' ');

    HttpResponse<String> response =
        Http.post(receiver.port(), "/webhook", body, WebhookSignature.HEADER, sign(body));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("larger than 1048576 bytes");
  }

  @Test
  void answersHealthAndRefusesOtherMethodsAndPaths() throws Exception {
    assertThat(Http.get(receiver.port(), "/health").statusCode()).isEqualTo(200);
    assertThat(Http.get(receiver.port(), "/webhook").statusCode()).isEqualTo(405);
    assertThat(Http.get(receiver.port(), "/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void acceptsUnsignedWebhooksWhenNoSecretIsSet() throws Exception {
    try (RetrainingReceiver unsigned = RetrainingReceiver.start(config(), CLOCK)) {
      assertThat(Http.post(unsigned.port(), "/webhook", resolvedDrift()).statusCode())
          .isEqualTo(202);
    }
  }
}
