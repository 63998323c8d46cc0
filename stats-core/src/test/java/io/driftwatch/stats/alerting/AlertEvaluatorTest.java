package io.driftwatch.stats.alerting;

import static io.driftwatch.stats.alerting.AlertSamples.CHAMPION;
import static io.driftwatch.stats.alerting.AlertSamples.errorRateRule;
import static io.driftwatch.stats.alerting.AlertSamples.sample;
import static io.driftwatch.stats.alerting.AlertSamples.serving;
import static io.driftwatch.stats.alerting.AlertSamples.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.stats.alerting.AlertSamples.Run;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {

  private static final AlertRule CONCEPT =
      AlertRule.of("concept_drift", "concept_drift", "detected", Comparison.EQUAL, 1)
          .withCooldown(Duration.ofMinutes(10));
  private static final Map<String, String> DDM =
      Map.of("model", "iris", "version", "1", "detector", "ddm");

  @Test
  void alertsWhenErrorRateStaysAboveThresholdForThreeWindowsAndNotBefore() {
    Run run = new Run(errorRateRule()).errorRates(0, 0.08, 0.09);

    assertThat(run.transitions).isEmpty();
    assertThat(run.state.consecutive()).isEqualTo(2);

    run.errorRates(2, 0.07);

    assertThat(run.transitions).hasSize(1);
    AlertTransition fired = run.transitions.get(0);
    assertThat(fired.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(fired.value()).isEqualTo(0.07);
    assertThat(fired.threshold()).isEqualTo(0.05);
    assertThat(fired.startsAt()).isEqualTo(window(2));
    assertThat(fired.windowEnd()).isEqualTo(window(2));
    assertThat(fired.endsAt()).isNull();
    assertThat(fired.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(run.state.firing()).isTrue();
  }

  @Test
  void aWindowAtOrBelowTheThresholdResetsTheCount() {
    Run run = new Run(errorRateRule()).errorRates(0, 0.08, 0.09, 0.05, 0.08, 0.09);

    assertThat(run.transitions).isEmpty();
    assertThat(run.state.consecutive()).isEqualTo(2);

    run.errorRates(5, 0.1);

    assertThat(run.transitionWindows).containsExactly(window(5));
  }

  @Test
  void firingAlertHoldsAboveTheResolveThresholdAndResolvesAtIt() {
    Run run = new Run(errorRateRule()).errorRates(0, 0.08, 0.08, 0.08, 0.03, 0.021);

    assertThat(run.transitions).hasSize(1);
    assertThat(run.state.firing()).isTrue();

    run.errorRates(5, 0.02);

    assertThat(run.transitions).hasSize(2);
    AlertTransition resolved = run.transitions.get(1);
    assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(resolved.value()).isEqualTo(0.02);
    assertThat(resolved.startsAt()).isEqualTo(window(2));
    assertThat(resolved.endsAt()).isEqualTo(window(5));
    assertThat(resolved.fingerprint()).isEqualTo(run.transitions.get(0).fingerprint());
    assertThat(run.state)
        .isEqualTo(new AlertState(0, false, null, window(5), window(5), AlertSamples.WINDOW));
  }

  @Test
  void withoutHysteresisTheAlertResolvesAsSoonAsTheConditionFails() {
    AlertRule rule = AlertRule.of("latency", "serving", "latency_p99_ms", Comparison.GREATER, 50);
    Run run =
        new Run(rule)
            .feed(
                sample("serving", CHAMPION, "latency_p99_ms", 60, 0),
                sample("serving", CHAMPION, "latency_p99_ms", 50, 1));

    assertThat(run.transitions)
        .extracting(AlertTransition::status)
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
  }

  @Test
  void accuracyDropResolvesOnlyAtTheResolveThreshold() {
    AlertRule rule =
        AlertRule.of("accuracy_drop", "model_quality", "accuracy", Comparison.LESS, 0.7)
            .withForWindows(2)
            .withResolveThreshold(0.75);
    Map<String, String> tags = Map.of("model", "iris", "version", "1");
    Run run =
        new Run(rule)
            .feed(
                sample("model_quality", tags, "accuracy", 0.6, 0),
                sample("model_quality", tags, "accuracy", 0.65, 1),
                sample("model_quality", tags, "accuracy", 0.74, 2));

    assertThat(run.transitionWindows).containsExactly(window(1));

    run.feed(sample("model_quality", tags, "accuracy", 0.75, 3));

    assertThat(run.transitionWindows).containsExactly(window(1), window(3));
  }

  @Test
  void cooldownBlocksRefiringForTenMinutesAfterTheResolve() {
    Run run =
        new Run(CONCEPT)
            .feed(
                sample("concept_drift", DDM, "detected", 1, 0),
                sample("concept_drift", DDM, "detected", 0, 1),
                sample("concept_drift", DDM, "detected", 1, 5),
                sample("concept_drift", DDM, "detected", 1, 10));

    assertThat(run.transitionWindows).containsExactly(window(0), window(1));

    // Resolved at window 1, so window 11 is the first one 10 minutes later.
    run.feed(sample("concept_drift", DDM, "detected", 1, 11));

    assertThat(run.transitionWindows).containsExactly(window(0), window(1), window(11));
    assertThat(run.transitions.get(2).status()).isEqualTo(AlertStatus.FIRING);
  }

  @Test
  void windowsDuringTheCooldownCountTowardsForWindows() {
    AlertRule rule = errorRateRule().withCooldown(Duration.ofMinutes(5));
    Run run = new Run(rule).errorRates(0, 0.1, 0.1, 0.1, 0.0);

    assertThat(run.transitionWindows).containsExactly(window(2), window(3));

    // Above from window 4 on; the cooldown ends at window 8, the count reached 3 at window 6.
    run.errorRates(4, 0.1, 0.1, 0.1, 0.1);

    assertThat(run.transitionWindows).containsExactly(window(2), window(3));

    run.errorRates(8, 0.1);

    assertThat(run.transitionWindows).containsExactly(window(2), window(3), window(8));
  }

  @Test
  void replayedAndOlderWindowsChangeNothing() {
    Run run = new Run(errorRateRule()).errorRates(0, 0.08, 0.08, 0.08);
    AlertState afterFiring = run.state;

    run.errorRates(0, 0.08, 0.08, 0.08); // the same points again, e.g. after a restore
    run.errorRates(1, 0.0); // an older window with a value that would resolve
    run.errorRates(2, 0.0); // the last window rewritten

    assertThat(run.transitions).hasSize(1);
    assertThat(run.state).isEqualTo(afterFiring);

    run.errorRates(3, 0.0);

    assertThat(run.transitions).hasSize(2);
  }

  @Test
  void aRepeatedWindowIsNotCountedTwiceTowardsForWindows() {
    Run run = new Run(errorRateRule()).errorRates(0, 0.08, 0.08).errorRates(1, 0.08);

    assertThat(run.transitions).isEmpty();
    assertThat(run.state.consecutive()).isEqualTo(2);
  }

  @Test
  void aNaNValueBreaksTheStreakAndResolvesAFiringAlert() {
    Run pending = new Run(errorRateRule()).errorRates(0, 0.08, 0.08, Double.NaN, 0.08, 0.08);
    Run firing = new Run(errorRateRule()).errorRates(0, 0.08, 0.08, 0.08, Double.NaN);

    assertThat(pending.transitions).isEmpty();
    assertThat(firing.transitions)
        .extracting(AlertTransition::status)
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
  }

  @Test
  void tagMatchersSelectOnlyTheChampionVariant() {
    AlertRule champion = errorRateRule().withMatchers(Map.of("variant", "champion"));
    AlertRule latency =
        AlertRule.of("latency", "serving", "latency_p99_ms", Comparison.GREATER, 50);
    AlertRule other = AlertRule.of("quality", "model_quality", "error_rate", Comparison.GREATER, 1);
    MetricSample challenger =
        new MetricSample(
            "serving",
            Map.of("model", "iris", "version", "2", "variant", "challenger"),
            Map.of("error_rate", 0.5),
            window(0));
    MetricSample noVariant = sample("serving", Map.of("model", "iris"), "error_rate", 0.5, 0);

    List<SeriesKey> forChampion =
        AlertEvaluator.matching(List.of(champion, latency, other), serving(0, 0.5));

    assertThat(forChampion)
        .containsExactly(new SeriesKey("error_rate_high", new TreeMap<>(CHAMPION)));
    assertThat(AlertEvaluator.matching(List.of(champion, latency, other), challenger)).isEmpty();
    assertThat(AlertEvaluator.matching(List.of(champion), noVariant)).isEmpty();
    assertThatThrownBy(() -> AlertEvaluator.evaluate(champion, null, challenger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("error_rate_high");
  }

  @Test
  void seriesOfDifferentTagsAreDifferentKeysWithStableIds() {
    SeriesKey a = new SeriesKey("r", new TreeMap<>(Map.of("version", "1", "model", "iris")));
    SeriesKey b = new SeriesKey("r", new TreeMap<>(Map.of("model", "iris")));

    assertThat(a.id()).isEqualTo("r{model=\"iris\",version=\"1\"}");
    assertThat(b.id()).isEqualTo("r{model=\"iris\"}");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void labelsAreRuleLabelsThenSampleTagsThenAlertnameAndSeverity() {
    AlertRule rule = errorRateRule().withLabels(Map.of("team", "ml", "model", "from-rule"));

    AlertTransition fired = new Run(rule).errorRates(0, 0.1, 0.1, 0.1).transitions.get(0);

    assertThat(fired.labels())
        .containsExactly(
            Map.entry("alertname", "error_rate_high"),
            Map.entry("model", "iris"),
            Map.entry("severity", "critical"),
            Map.entry("team", "ml"),
            Map.entry("variant", "champion"),
            Map.entry("version", "1"));
    assertThat(fired.fingerprint()).isEqualTo(Fingerprint.of(fired.labels()));
  }

  @Test
  void summaryTemplateRendersValueThresholdAndTags() {
    AlertRule rule =
        errorRateRule()
            .withSummary(
                "{{rule}}: {{ value }} > {{threshold}} on {{tags.model}}/{{tags.variant}}"
                    + " ({{labels.severity}}{{tags.absent}})");

    AlertTransition fired = new Run(rule).errorRates(0, 0.1, 0.1, 0.123456).transitions.get(0);

    assertThat(fired.summary())
        .isEqualTo("error_rate_high: 0.1235 > 0.05 on iris/champion (critical)");
    assertThat(fired.description())
        .isEqualTo("serving.error_rate > 0.05 for 3 consecutive windows; resolves when not > 0.02");
  }

  @Test
  void builtInSummaryNamesTheValueAndTheSeries() {
    AlertTransition fired =
        new Run(errorRateRule()).errorRates(0, 0.1, 0.1, 0.1).transitions.get(0);

    assertThat(fired.summary())
        .isEqualTo(
            "error_rate_high: serving.error_rate = 0.1 (> 0.05) on model=iris, variant=champion,"
                + " version=1");
  }

  @Test
  void stateSurvivesAByteRoundTripAndContinuesIdentically() {
    double[] rates = {0.08, 0.08, 0.01, 0.08, 0.08, 0.08, 0.04, 0.03, 0.01, 0.09, 0.09, 0.09};
    AlertRule rule = errorRateRule().withCooldown(Duration.ofMinutes(2));
    Run straight = new Run(rule).errorRates(0, rates);

    for (int cut = 0; cut <= rates.length; cut++) {
      Run first = new Run(rule).errorRates(0, Arrays.copyOfRange(rates, 0, cut));
      byte[] bytes =
          first.state == null ? AlertState.initial().toByteArray() : first.state.toByteArray();
      Run second =
          new Run(rule, AlertState.fromByteArray(bytes))
              .errorRates(cut, Arrays.copyOfRange(rates, cut, rates.length));

      assertThat(second.state).as("cut at %d", cut).isEqualTo(straight.state);
      assertThat(concat(first.transitions, second.transitions))
          .as("cut at %d", cut)
          .isEqualTo(straight.transitions);
    }
    assertThat(straight.transitionWindows).containsExactly(window(5), window(8), window(11));
  }

  private static List<AlertTransition> concat(List<AlertTransition> a, List<AlertTransition> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void aFiringSeriesGoesStaleThreeOfItsWindowsAfterItsLastPoint() {
    Run run = new Run(errorRateRule()).errorRates(0, 0.08, 0.08, 0.08);

    assertThat(run.state.firing()).isTrue();
    assertThat(run.state.windowLength()).isEqualTo(AlertSamples.WINDOW);
    assertThat(AlertEvaluator.staleAt(run.state, 3)).contains(window(5));
    assertThat(AlertEvaluator.staleAt(run.state, 0)).as("0 turns it off").isEmpty();
  }

  @Test
  void aMissingWindowDoesNotLengthenTheSeriesWindow() {
    Run run =
        new Run(errorRateRule())
            .feed(serving(0, 0.08), serving(2, 0.08), serving(3, 0.08), serving(7, 0.08));

    assertThat(run.state.windowLength()).isEqualTo(AlertSamples.WINDOW);
    assertThat(AlertEvaluator.staleAt(run.state, 3)).contains(window(10));
  }

  @Test
  void onlyAFiringSeriesWithAKnownWindowLengthCanGoStale() {
    Run pending = new Run(errorRateRule()).errorRates(0, 0.08, 0.08);
    Run firedOnItsFirstWindow =
        new Run(CONCEPT).feed(sample("concept_drift", DDM, "detected", 1, 0));

    assertThat(AlertEvaluator.staleAt(pending.state, 3)).isEmpty();
    assertThat(firedOnItsFirstWindow.state.firing()).isTrue();
    assertThat(AlertEvaluator.staleAt(firedOnItsFirstWindow.state, 3)).isEmpty();
    assertThat(AlertEvaluator.staleAt(null, 3)).isEmpty();
  }

  @Test
  void aStaleSeriesResolvesWithTheFingerprintOfItsFiringAndSaysWhy() {
    Run run = new Run(errorRateRule()).errorRates(0, 0.08, 0.08, 0.08);
    AlertTransition fired = run.transitions.get(0);
    SeriesKey series = SeriesKey.of(run.rule, serving(0, 0.08));

    AlertTransition stale = AlertEvaluator.resolveStale(run.rule, series, run.state, 3);

    assertThat(stale.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(stale.fingerprint()).isEqualTo(fired.fingerprint());
    assertThat(stale.labels()).isEqualTo(fired.labels());
    assertThat(stale.startsAt()).isEqualTo(window(2));
    assertThat(stale.endsAt()).isEqualTo(window(5));
    assertThat(stale.windowEnd()).isEqualTo(window(5));
    assertThat(stale.value()).isNaN();
    assertThat(stale.summary())
        .startsWith("stale: no serving point for 3 windows (180 s) since " + window(2));
  }

  @Test
  void aSeriesThatCannotGoStaleIsRefused() {
    Run pending = new Run(errorRateRule()).errorRates(0, 0.08);
    SeriesKey series = SeriesKey.of(pending.rule, serving(0, 0.08));

    assertThatThrownBy(() -> AlertEvaluator.resolveStale(pending.rule, series, pending.state, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot go stale");
  }
}
