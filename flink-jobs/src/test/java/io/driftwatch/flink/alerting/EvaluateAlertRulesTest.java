package io.driftwatch.flink.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.flink.source.AvroSpecificTypeInfo;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertState;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.stats.alerting.AlertRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link EvaluateAlertRules} behind the rule matching, exactly as {@link AlertingJob} keys it. */
class EvaluateAlertRulesTest {

  private static final AlertRules RULES =
      AlertRules.parse(
          """
          rules:
            - name: error_rate_high
              measurement: serving
              field: error_rate
              comparison: ">"
              threshold: 0.05
              forWindows: 3
              resolveThreshold: 0.02
              severity: critical
          """);
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final int STALE_WINDOWS = 3;
  private static final Instant W1 = Instant.parse("2026-03-01T10:00:10Z");

  private KeyedOneInputStreamOperatorTestHarness<String, RuleSample, Alert> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void firesInTheThirdWindowAboveTheThresholdWithTheSeriesLabels() throws Exception {
    push(window(1), "champion", 0.10);
    push(window(2), "champion", 0.10);
    assertThat(harness.extractOutputValues()).isEmpty();

    push(window(3), "champion", 0.10);

    List<Alert> alerts = harness.extractOutputValues();
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    assertThat(alert.getRule()).isEqualTo("error_rate_high");
    assertThat(alert.getSeverity()).isEqualTo("critical");
    assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
    assertThat(alert.getModel()).isEqualTo("churn");
    assertThat(alert.getVersion()).isEqualTo("1");
    assertThat(alert.getValue()).isEqualTo(0.10);
    assertThat(alert.getThreshold()).isEqualTo(0.05);
    assertThat(alert.getStartsAt()).isEqualTo(window(3));
    assertThat(alert.getEndsAt()).isNull();
    assertThat(alert.getWindowEnd()).isEqualTo(window(3));
    assertThat(alert.getLabels())
        .containsEntry("alertname", "error_rate_high")
        .containsEntry("variant", "champion");
    assertThat(alert.getFingerprint()).hasSize(16);
    assertThat(alert.getMessage()).isNotBlank();
    assertThat(SingleObjectCodec.alerts().decode(SingleObjectCodec.alerts().encode(alert)))
        .isEqualTo(alert);
  }

  @Test
  void staysFiringAboveTheResolveThresholdAndResolvesBelowItWithTheSameFingerprint()
      throws Exception {
    for (int i = 1; i <= 3; i++) {
      push(window(i), "champion", 0.10);
    }
    push(window(4), "champion", 0.03);
    push(window(5), "champion", 0.02);

    List<Alert> alerts = harness.extractOutputValues();
    assertThat(alerts)
        .extracting(Alert::getState)
        .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    Alert resolved = alerts.get(1);
    assertThat(resolved.getFingerprint()).isEqualTo(alerts.get(0).getFingerprint());
    assertThat(resolved.getStartsAt()).isEqualTo(window(3));
    assertThat(resolved.getEndsAt()).isEqualTo(window(5));
    assertThat(resolved.getValue()).isEqualTo(0.02);
  }

  @Test
  void replayedWindowsChangeNothing() throws Exception {
    for (int i = 1; i <= 3; i++) {
      push(window(i), "champion", 0.10);
    }
    for (int i = 1; i <= 3; i++) {
      push(window(i), "champion", 0.10);
    }
    push(window(2), "champion", 0.0);

    assertThat(harness.extractOutputValues()).hasSize(1);
    push(window(4), "champion", 0.10);
    assertThat(harness.extractOutputValues()).as("still firing, no new transition").hasSize(1);
  }

  @Test
  void keepsOneStateEntryPerSeries() throws Exception {
    push(window(1), "champion", 0.10);
    push(window(1), "challenger", 0.0);
    push(window(2), "champion", 0.10);
    push(window(2), "challenger", 0.10);

    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void continuesIdenticallyAfterASnapshotAndRestore() throws Exception {
    push(window(1), "champion", 0.10);
    push(window(2), "champion", 0.10);
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    List<Alert> uninterrupted = continueFromWindowThree();
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    List<Alert> restored = continueFromWindowThree();

    assertThat(uninterrupted)
        .extracting(Alert::getState)
        .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    assertThat(restored).isEqualTo(uninterrupted);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
  }

  @Test
  void aFiringSeriesThatStopsReportingResolvesAsStaleThreeWindowsLaterAndIsForgotten()
      throws Exception {
    for (int i = 1; i <= 3; i++) {
      push(window(i), "champion", 0.10);
    }
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processWatermark(window(6).toEpochMilli() - 1);
    assertThat(harness.extractOutputValues()).as("not stale yet").hasSize(1);

    harness.processWatermark(window(6).toEpochMilli());

    List<Alert> alerts = harness.extractOutputValues();
    assertThat(alerts)
        .extracting(Alert::getState)
        .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    Alert stale = alerts.get(1);
    assertThat(stale.getFingerprint()).isEqualTo(alerts.get(0).getFingerprint());
    assertThat(stale.getLabels()).isEqualTo(alerts.get(0).getLabels());
    assertThat(stale.getStartsAt()).isEqualTo(window(3));
    assertThat(stale.getEndsAt()).isEqualTo(window(6));
    assertThat(stale.getWindowEnd()).isEqualTo(window(6));
    assertThat(stale.getValue()).isNaN();
    assertThat(stale.getMessage()).startsWith("stale: no serving point for 3 windows (30 s)");
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void everyNewWindowOfAFiringSeriesMovesItsOneStaleTimer() throws Exception {
    for (int i = 1; i <= 4; i++) {
      push(window(i), "champion", 0.10);
    }
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processWatermark(window(6).toEpochMilli());
    assertThat(harness.extractOutputValues()).as("window 4 reported").hasSize(1);

    harness.processWatermark(window(7).toEpochMilli());
    assertThat(harness.extractOutputValues())
        .extracting(Alert::getState)
        .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aSeriesThatResolvesByItsValueKeepsNoTimerAndNeverGoesStale() throws Exception {
    for (int i = 1; i <= 3; i++) {
      push(window(i), "champion", 0.10);
    }
    push(window(4), "champion", 0.01);
    assertThat(harness.numEventTimeTimers()).isZero();

    harness.processWatermark(window(20).toEpochMilli());

    assertThat(harness.extractOutputValues()).hasSize(2);
    assertThat(harness.numKeyedStateEntries()).as("kept for the cooldown and replays").isEqualTo(1);
  }

  @Test
  void replayedWindowsOfAFiringSeriesKeepItsOneTimerWhereItWas() throws Exception {
    push(window(1), "champion", 0.10);
    push(window(1), "challenger", 0.10);
    for (int i = 2; i <= 3; i++) {
      push(window(i), "champion", 0.10);
      push(window(i), "challenger", 0.10);
    }
    for (int i = 1; i <= 3; i++) {
      push(window(i), "champion", 0.10);
    }
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    push(window(4), "challenger", 0.10);
    harness.processWatermark(window(6).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(a -> a.getLabels().get("variant") + " " + a.getState())
        .containsExactly("champion FIRING", "challenger FIRING", "champion RESOLVED");
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
  }

  @Test
  void theEndOfInputIsNotStaleness() throws Exception {
    for (int i = 1; i <= 3; i++) {
      push(window(i), "champion", 0.10);
    }

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(harness.extractOutputValues())
        .extracting(Alert::getState)
        .containsExactly(AlertState.FIRING);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
  }

  @Test
  void theStaleTimerSurvivesASnapshotAndRestore() throws Exception {
    for (int i = 1; i <= 3; i++) {
      push(window(i), "champion", 0.10);
    }
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    harness.processWatermark(window(6).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(Alert::getState)
        .containsExactly(AlertState.RESOLVED);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void staleResolutionCanBeTurnedOff() throws Exception {
    harness.close();
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new EvaluateAlertRules(RULES, 0)),
            RuleSample::seriesId,
            Types.STRING);
    harness.setup(
        new AvroSpecificTypeInfo<>(Alert.class).createSerializer(new SerializerConfigImpl()));
    harness.open();
    for (int i = 1; i <= 3; i++) {
      push(window(i), "champion", 0.10);
    }

    harness.processWatermark(window(100).toEpochMilli());

    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private List<Alert> continueFromWindowThree() throws Exception {
    int before = harness.extractOutputValues().size();
    push(window(2), "champion", 0.10);
    push(window(3), "champion", 0.10);
    push(window(4), "champion", 0.01);
    List<Alert> all = harness.extractOutputValues();
    return new ArrayList<>(all.subList(before, all.size()));
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, RuleSample, Alert> newHarness()
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, RuleSample, Alert> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new EvaluateAlertRules(RULES, STALE_WINDOWS)),
            RuleSample::seriesId,
            Types.STRING);
    // Alerts are Avro records, not POJOs: the job's own output type, never type extraction.
    harness.setup(
        new AvroSpecificTypeInfo<>(Alert.class).createSerializer(new SerializerConfigImpl()));
    return harness;
  }

  /** Routes a serving point through {@link MatchAlertRules} into the harness. */
  private void push(Instant windowEnd, String variant, double errorRate) throws Exception {
    MetricPoint point =
        MetricPoint.builder("serving", windowEnd.toEpochMilli())
            .tag("model", "churn")
            .tag("version", "1")
            .tag("variant", variant)
            .field("requests", 100L)
            .field("error_rate", errorRate)
            .build();
    List<RuleSample> samples = new ArrayList<>();
    new MatchAlertRules(RULES).flatMap(point, new ListCollector<>(samples));
    assertThat(samples).hasSize(1);
    for (RuleSample sample : samples) {
      harness.processElement(sample, windowEnd.toEpochMilli());
    }
  }

  private static Instant window(int n) {
    return W1.plus(WINDOW.multipliedBy(n - 1));
  }
}
