package io.driftwatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.stats.alerting.AlertTransition;
import io.driftwatch.stats.alerting.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Automatic rollback against a fake gateway that speaks the traffic and rollback contract. */
class AutomaticRollbackTest {

  private static final Instant NOW = Instant.parse("2026-12-01T22:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "seattle-weather";
  private static final String TRAFFIC = "/v2/repository/models/seattle-weather/traffic";
  private static final String ROLLBACK = "/v2/repository/models/seattle-weather/rollback";

  @TempDir Path repository;
  private FakeGateway gateway;
  private RetrainingReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    gateway = new FakeGateway();
    receiver =
        RetrainingReceiver.start(
            RetrainingConfig.defaults(repository, "127.0.0.1:1", gateway.url())
                .withPort(0)
                .withAutoRollback(true),
            CLOCK);
  }

  @AfterEach
  void stop() {
    receiver.close();
    gateway.close();
  }

  private static String traffic(String model, String champion, String previous, Instant since) {
    return "{\"model\": \""
        + model
        + "\", \"champion\": \""
        + champion
        + "\", \"challenger\": null, \"shadow\": null, \"previous_champion\": "
        + (previous == null ? "null" : "\"" + previous + "\"")
        + ", \"champion_since\": \""
        + since
        + "\", \"history\": []}";
  }

  private Optional<Decision> awaitDecision(Action action) throws InterruptedException {
    return Http.awaitDecision(receiver.decisions(), d -> d.action() == action, WAIT);
  }

  @Test
  void rollsBackAChampionThatStartedTenMinutesAgoWhenItsAccuracyDropsCritically() throws Exception {
    Instant tenMinutesAgo = NOW.minus(Duration.ofMinutes(10));
    gateway
        .answer("GET", TRAFFIC, 200, traffic(MODEL, "2", "1", tenMinutesAgo))
        .answer("POST", ROLLBACK, 200, traffic(MODEL, "1", "2", NOW));
    AlertTransition drop = Alerts.firing("accuracy_drop", Severity.CRITICAL, MODEL, "2");

    assertThat(Http.post(receiver.port(), "/webhook", Alerts.webhook(drop)).statusCode())
        .isEqualTo(202);

    Decision rolledBack = awaitDecision(Action.ROLLED_BACK).orElseThrow();
    String reason =
        "accuracy_drop fired on version 2 (value 0.62, threshold 0.7, fingerprint "
            + drop.fingerprint()
            + "); champion since 2026-12-01T21:50:00Z";
    assertThat(rolledBack.detail()).isEqualTo(reason + "; champion is now 1");
    assertThat(gateway.requestsTo("POST", ROLLBACK)).hasSize(1);
    assertThat(
            JSON.readTree(gateway.requestsTo("POST", ROLLBACK).get(0).body())
                .get("reason")
                .asText())
        .isEqualTo(reason);
    assertThat(gateway.requests())
        .as("a rollback replaces the retrain: nothing is loaded")
        .noneMatch(r -> r.path().endsWith("/load"));
  }

  @Test
  void keepsALongServingChampionAndRetrainsInstead() throws Exception {
    String other = "other-model";
    gateway.answer(
        "GET",
        "/v2/repository/models/other-model/traffic",
        200,
        traffic(other, "2", "1", NOW.minus(Duration.ofHours(2))));

    Http.post(
        receiver.port(),
        "/webhook",
        Alerts.webhook(Alerts.firing("accuracy_drop", Severity.CRITICAL, other, "2")));

    Decision kept = awaitDecision(Action.ROLLBACK_NOT_ELIGIBLE).orElseThrow();
    assertThat(kept.detail()).contains("longer than --rollback-window PT30M");
    Decision retrain = awaitDecision(Action.SKIPPED).orElseThrow();
    assertThat(retrain.detail()).contains("no trainer for model other-model");
    assertThat(gateway.requests()).noneMatch(r -> r.path().endsWith("/rollback"));
  }

  @Test
  void recordsAGatewayThatHasNothingToRollBackToAndRetrainsInstead() throws Exception {
    String other = "other-model";
    gateway
        .answer(
            "GET",
            "/v2/repository/models/other-model/traffic",
            200,
            traffic(other, "2", "1", NOW.minus(Duration.ofMinutes(5))))
        .answer(
            "POST",
            "/v2/repository/models/other-model/rollback",
            409,
            "{\"error\": \"no previous champion\"}");

    Http.post(
        receiver.port(),
        "/webhook",
        Alerts.webhook(Alerts.firing("accuracy_drop", Severity.CRITICAL, other, "2")));

    Decision failed = awaitDecision(Action.ROLLBACK_FAILED).orElseThrow();
    assertThat(failed.detail())
        .isEqualTo("HTTP 409 (nothing to roll back to): no previous champion");
    assertThat(awaitDecision(Action.SKIPPED))
        .as("the refused rollback falls back to a retrain (accuracy_drop is a trigger rule)")
        .isPresent();
  }
}
