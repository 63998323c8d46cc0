package io.driftwatch.retraining;

import static io.driftwatch.retraining.Alerts.firing;
import static io.driftwatch.retraining.Alerts.received;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.stats.alerting.Severity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollbackPolicyTest {

  private static final Instant NOW = Instant.parse("2026-12-01T22:00:00Z");
  private static final Instant TWENTY_MINUTES_AGO = NOW.minus(Duration.ofMinutes(20));
  private static final Instant AN_HOUR_AGO = NOW.minus(Duration.ofHours(1));

  private final RollbackPolicy policy = new RollbackPolicy(Duration.ofMinutes(30));
  private final ReceivedAlert dropOnVersion2 =
      received(firing("accuracy_drop", Severity.CRITICAL, "seattle-weather", "2"));

  private static TrafficState champion(String version, String previous, Instant since) {
    return new TrafficState("seattle-weather", version, previous, since);
  }

  @Test
  void rollsBackAChampionThatStartedWithinTheWindowAndSaysWhy() {
    RollbackPolicy.Verdict verdict =
        policy.decide(dropOnVersion2, champion("2", "1", TWENTY_MINUTES_AGO), NOW);

    assertThat(verdict.rollBack()).isTrue();
    assertThat(verdict.explanation())
        .isEqualTo(
            "accuracy_drop fired on version 2 (value 0.62, threshold 0.7, fingerprint "
                + dropOnVersion2.fingerprint()
                + "); champion since 2026-12-01T21:40:00Z");
  }

  @Test
  void keepsAChampionThatHasServedLongerThanTheWindow() {
    RollbackPolicy.Verdict verdict =
        policy.decide(dropOnVersion2, champion("2", "1", AN_HOUR_AGO), NOW);

    assertThat(verdict.rollBack()).isFalse();
    assertThat(verdict.explanation()).contains("longer than --rollback-window PT30M");
  }

  @Test
  void rollsBackExactlyAtTheEndOfTheWindow() {
    assertThat(
            policy
                .decide(dropOnVersion2, champion("2", "1", NOW.minus(Duration.ofMinutes(30))), NOW)
                .rollBack())
        .isTrue();
  }

  @Test
  void keepsTheChampionWhenTheAlertIsAboutAnotherVersion() {
    RollbackPolicy.Verdict verdict =
        policy.decide(dropOnVersion2, champion("3", "2", TWENTY_MINUTES_AGO), NOW);

    assertThat(verdict.rollBack()).isFalse();
    assertThat(verdict.explanation()).contains("not the champion (champion is 3)");
  }

  @Test
  void keepsTheChampionWhenThereIsNothingToRollBackTo() {
    RollbackPolicy.Verdict verdict =
        policy.decide(dropOnVersion2, champion("2", null, TWENTY_MINUTES_AGO), NOW);

    assertThat(verdict.rollBack()).isFalse();
    assertThat(verdict.explanation()).contains("no previous champion");
  }

  @Test
  void keepsTheChampionWhenTheGatewayDoesNotSaySinceWhen() {
    assertThat(policy.decide(dropOnVersion2, champion("2", "1", null), NOW).rollBack()).isFalse();
  }
}
