package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.retraining.Action;
import io.driftwatch.retraining.Decision;
import io.driftwatch.retraining.DecisionLog;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetrainReportTest {

  private static final Instant ALERT_ARRIVES = Instant.parse("2026-12-01T21:08:31.250Z");
  private static final Instant RETRAIN_DONE = Instant.parse("2026-12-01T21:08:34.500Z");

  private final DecisionLog log = new DecisionLog(3);
  private final RetrainReport report = new RetrainReport(log);

  @Test
  void printsEachRetrainStepOnceOldestFirstAndNamesTheVersionThatNowServes() {
    log.record(decision(ALERT_ARRIVES, Action.QUEUED, "1", "retrain queued"));
    log.record(decision(ALERT_ARRIVES, Action.COALESCED, "1", "joined the pending retrain"));
    log.record(
        decision(RETRAIN_DONE, Action.RETRAINED, "2", "version 2 written; the gateway loaded it"));

    assertThat(report.newLines())
        .containsExactly(
            "2026-12-01T21:08:31Z  seattle-weather v1 RETRAIN queued      dataset_drift: retrain"
                + " queued",
            "2026-12-01T21:08:34Z  seattle-weather v2 RETRAIN retrained   dataset_drift: version 2"
                + " written; the gateway loaded it → version 2 serves as champion");
    assertThat(report.newLines()).isEmpty();
  }

  @Test
  void keepsUpWhenTheLogDropsOldDecisions() {
    log.record(decision(ALERT_ARRIVES, Action.QUEUED, "1", "retrain queued"));
    assertThat(report.newLines()).hasSize(1);

    for (int i = 1; i <= 4; i++) {
      log.record(
          decision(RETRAIN_DONE.plusSeconds(i), Action.COOLDOWN, "1", "retrained " + i + " s ago"));
    }

    assertThat(report.newLines())
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).contains("RETRAIN cooldown"));
  }

  @Test
  void leavesOutWhatChangesNothing() {
    log.record(decision(ALERT_ARRIVES, Action.RECORDED, "1", "resolved alert"));
    log.record(decision(RETRAIN_DONE, Action.LOAD_FAILED, "2", "HTTP 400: bad model"));

    assertThat(report.newLines())
        .singleElement()
        .asString()
        .contains("v2 RETRAIN load_failed", "HTTP 400: bad model")
        .doesNotContain("serves");
  }

  private static Decision decision(Instant time, Action action, String version, String detail) {
    return new Decision(
        time, action, "seattle-weather", version, "dataset_drift", "0123456789abcdef", detail);
  }
}
