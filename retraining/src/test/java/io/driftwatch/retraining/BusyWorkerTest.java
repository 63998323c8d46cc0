package io.driftwatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.stats.alerting.Severity;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the single worker is busy, webhooks are still answered at once: a second model waits in the
 * queue, a repeated trigger joins it, and a third model finds the queue full (503).
 */
class BusyWorkerTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T22:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repository;

  private static byte[] drift(String model) {
    return Alerts.webhook(Alerts.firing("dataset_drift", Severity.CRITICAL, model, "1"));
  }

  @Test
  void answersAtOnceQueuesCoalescesAndRefusesWithRetryAfterWhenFull() throws Exception {
    try (FakeGateway gateway = new FakeGateway().hold();
        RetrainingReceiver receiver =
            RetrainingReceiver.start(
                RetrainingConfig.defaults(repository, "127.0.0.1:1", gateway.url())
                    .withPort(0)
                    .withAutoRollback(true)
                    .withQueueCapacity(1),
                CLOCK)) {
      int port = receiver.port();
      // The worker takes model a's rollback check and waits on the held gateway.
      Http.post(
          port,
          "/webhook",
          Alerts.webhook(Alerts.firing("accuracy_drop", Severity.CRITICAL, "a", "1")));
      awaitGatewayRequest(gateway);

      HttpResponse<String> queued = Http.post(port, "/webhook", drift("b"));
      HttpResponse<String> joined = Http.post(port, "/webhook", drift("b"));
      HttpResponse<String> full = Http.post(port, "/webhook", drift("c"));

      assertThat(queued.statusCode()).isEqualTo(202);
      assertThat(action(queued)).isEqualTo("queued");
      assertThat(joined.statusCode()).isEqualTo(202);
      assertThat(action(joined)).isEqualTo("coalesced");
      assertThat(full.statusCode()).isEqualTo(503);
      assertThat(full.headers().firstValue("Retry-After")).contains("30");
      assertThat(action(full)).isEqualTo("queue_full");
      JsonNode status = JSON.readTree(Http.get(port, "/status").body());
      assertThat(status.get("running").asText()).isEqualTo("a");
      assertThat(status.get("pending")).extracting(JsonNode::asText).containsExactly("b");
      assertThat(status.get("coalesced_triggers").asLong()).isEqualTo(1);

      gateway.release();
      assertThat(
              Http.awaitDecision(
                  receiver.decisions(),
                  d -> d.model().equals("b") && d.action() == Action.SKIPPED,
                  Duration.ofSeconds(60)))
          .as("the queued job runs once the worker is free")
          .isPresent();
    }
  }

  private static String action(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).get("decisions").get(0).get("action").asText();
  }

  private static void awaitGatewayRequest(FakeGateway gateway) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (gateway.requests().isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    assertThat(gateway.requests()).as("the worker called the gateway").isNotEmpty();
  }
}
