package io.driftwatch.retraining;

import static io.driftwatch.retraining.Alerts.firing;
import static io.driftwatch.retraining.Alerts.received;
import static io.driftwatch.retraining.Alerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.retraining.TriggerPolicy.Reaction;
import io.driftwatch.stats.alerting.Severity;
import org.junit.jupiter.api.Test;

class TriggerPolicyTest {

  private static final String MODEL = "seattle-weather";

  private final TriggerPolicy withoutRollback =
      new TriggerPolicy(
          RetrainingConfig.DEFAULT_TRIGGER_RULES, RetrainingConfig.DEFAULT_ROLLBACK_RULES, false);
  private final TriggerPolicy withRollback =
      new TriggerPolicy(
          RetrainingConfig.DEFAULT_TRIGGER_RULES, RetrainingConfig.DEFAULT_ROLLBACK_RULES, true);

  @Test
  void aFiringDriftAlertTriggersARetrainOfItsModel() {
    var verdict =
        withoutRollback.classify(received(firing("dataset_drift", Severity.CRITICAL, MODEL, "1")));

    assertThat(verdict.reaction()).isEqualTo(Reaction.RETRAIN);
    assertThat(verdict.retrain()).isTrue();
  }

  @Test
  void aResolvedAlertIsOnlyRecorded() {
    var verdict =
        withoutRollback.classify(
            received(resolved("dataset_drift", Severity.CRITICAL, MODEL, "1")));

    assertThat(verdict.reaction()).isEqualTo(Reaction.RECORD);
    assertThat(verdict.detail()).contains("resolved");
  }

  @Test
  void aRuleOutsideTheTriggerRulesIsOnlyRecorded() {
    var verdict =
        withoutRollback.classify(
            received(firing("latency_p99_high", Severity.WARNING, MODEL, "1")));

    assertThat(verdict.reaction()).isEqualTo(Reaction.RECORD);
    assertThat(verdict.detail()).contains("latency_p99_high", "--trigger-rules");
  }

  @Test
  void aCriticalAccuracyDropAsksForARollbackCheckOnlyWhenAutoRollbackIsOn() {
    ReceivedAlert drop = received(firing("accuracy_drop", Severity.CRITICAL, MODEL, "2"));

    assertThat(withoutRollback.classify(drop).reaction()).isEqualTo(Reaction.RETRAIN);
    var verdict = withRollback.classify(drop);
    assertThat(verdict.reaction()).isEqualTo(Reaction.ROLLBACK_CHECK);
    assertThat(verdict.retrain()).as("accuracy_drop is also a trigger rule").isTrue();
  }

  @Test
  void aWarningOnARollbackRuleDoesNotAskForARollback() {
    var verdict =
        withRollback.classify(received(firing("accuracy_drop", Severity.WARNING, MODEL, "2")));

    assertThat(verdict.reaction()).isEqualTo(Reaction.RETRAIN);
  }

  @Test
  void anAlertWithoutAModelLabelIsIgnored() {
    ReceivedAlert noModel =
        new ReceivedAlert(
            io.driftwatch.stats.alerting.AlertStatus.FIRING,
            "dataset_drift",
            "critical",
            null,
            null,
            "00ff00ff00ff00ff",
            "1",
            "1",
            "");

    assertThat(withoutRollback.classify(noModel).reaction()).isEqualTo(Reaction.IGNORE);
  }
}
