package io.driftwatch.stats.alerting;

import static io.driftwatch.stats.alerting.AlertSamples.sample;
import static io.driftwatch.stats.alerting.AlertSamples.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.stats.alerting.AlertSamples.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertRulesTest {

  private static final String FULL_RULE =
      """
      rules:
        - name: error_rate_high
          measurement: serving
          field: error_rate
          comparison: ">"
          threshold: 0.05
          forWindows: 3
          resolveThreshold: 0.02
          cooldown: 1h30m
          severity: critical
          matchers: {variant: champion}
          labels: {team: ml, page: true}
          summary: "Error rate {{value}} on {{tags.model}}"
      """;

  @Test
  void parsesEveryKeyOfARule() {
    AlertRule rule = AlertRules.parse(FULL_RULE).rules().get(0);

    assertThat(rule)
        .isEqualTo(
            new AlertRule(
                "error_rate_high",
                "serving",
                "error_rate",
                Map.of("variant", "champion"),
                Comparison.GREATER,
                0.05,
                3,
                0.02,
                Duration.ofMinutes(90),
                Severity.CRITICAL,
                Map.of("team", "ml", "page", "true"),
                "Error rate {{value}} on {{tags.model}}"));
  }

  @Test
  void optionalKeysTakeTheirDefaultsAndAPlainListIsAccepted() {
    AlertRule rule =
        AlertRules.parse(
                """
                - name: latency
                  measurement: serving
                  field: latency_p99_ms
                  comparison: ge
                  threshold: 50
                """)
            .rules()
            .get(0);

    assertThat(rule)
        .isEqualTo(
            AlertRule.of("latency", "serving", "latency_p99_ms", Comparison.GREATER_OR_EQUAL, 50));
    assertThat(rule.forWindows()).isEqualTo(1);
    assertThat(rule.resolveThreshold()).isEqualTo(50);
    assertThat(rule.cooldown()).isZero();
    assertThat(rule.severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void rejectsAnUnknownKeyNamingTheRuleAndTheKey() {
    assertThatThrownBy(
            () -> AlertRules.parse(FULL_RULE.replace("threshold: 0.05", "treshold: 0.05")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rule 'error_rate_high': unknown key 'treshold'")
        .hasMessageContaining("known keys: comparison, cooldown");
    assertThatThrownBy(
            () -> AlertRules.parse("- {measurement: serving, field: x, comparison: gt, for: 2}"))
        .hasMessageStartingWith("rule #1: unknown key 'for'");
    assertThatThrownBy(() -> AlertRules.parse("rulez: []"))
        .hasMessageContaining("unknown top-level key 'rulez'");
  }

  @Test
  void errorsNameTheRuleAndTheKey() {
    assertThatThrownBy(() -> AlertRules.parse(FULL_RULE.replace("threshold: 0.05", "")))
        .hasMessage("rule 'error_rate_high': missing key 'threshold'");
    assertThatThrownBy(
            () -> AlertRules.parse(FULL_RULE.replace("threshold: 0.05", "threshold: high")))
        .hasMessage("rule 'error_rate_high': 'threshold' must be a number, was 'high'");
    assertThatThrownBy(() -> AlertRules.parse(FULL_RULE.replace("forWindows: 3", "forWindows: 0")))
        .hasMessage("rule 'error_rate_high': forWindows must be at least 1, was 0");
    assertThatThrownBy(
            () -> AlertRules.parse(FULL_RULE.replace("forWindows: 3", "forWindows: 2.5")))
        .hasMessageContaining("'forWindows' must be a whole number");
    assertThatThrownBy(
            () ->
                AlertRules.parse(
                    FULL_RULE.replace("resolveThreshold: 0.02", "resolveThreshold: 0.1")))
        .hasMessageStartingWith(
            "rule 'error_rate_high': resolveThreshold must be at most threshold");
    assertThatThrownBy(
            () -> AlertRules.parse(FULL_RULE.replace("cooldown: 1h30m", "cooldown: soon")))
        .hasMessageStartingWith("rule 'error_rate_high': 'cooldown' must be a duration");
    assertThatThrownBy(() -> AlertRules.parse(FULL_RULE.replace("critical", "urgent")))
        .hasMessageStartingWith("rule 'error_rate_high': severity must be one of");
    assertThatThrownBy(() -> AlertRules.parse(FULL_RULE.replace("\">\"", "=>")))
        .hasMessageStartingWith("rule 'error_rate_high': comparison must be one of");
    assertThatThrownBy(() -> AlertRules.parse(FULL_RULE.replace("{{value}}", "{{valu}}")))
        .hasMessageStartingWith("rule 'error_rate_high': summary has unknown placeholder {{valu}}");
    assertThatThrownBy(
            () -> AlertRules.parse(FULL_RULE.replace("{team: ml, page: true}", "{alertname: x}")))
        .hasMessageContaining("labels must not set 'alertname'");
  }

  @Test
  void anUnquotedGreaterThanSignIsExplained() {
    // In YAML a bare > starts a folded block scalar, so the operator arrives empty.
    assertThatThrownBy(() -> AlertRules.parse(FULL_RULE.replace("\">\"", ">")))
        .hasMessageStartingWith("rule 'error_rate_high': comparison must be one of")
        .hasMessageContaining("(quoted in YAML) or gt ge lt le eq ne, was ''");
  }

  @Test
  void rejectsDuplicateRuleNamesAndDuplicateKeys() {
    String twice = FULL_RULE + FULL_RULE.substring(FULL_RULE.indexOf("  - name"));
    assertThatThrownBy(() -> AlertRules.parse(twice))
        .hasMessage("rule 'error_rate_high': name is used twice");
    assertThatThrownBy(
            () ->
                AlertRules.parse(
                    FULL_RULE.replace("forWindows: 3", "forWindows: 3\n    forWindows: 4")))
        .hasMessageContaining("forWindows");
  }

  @Test
  void readsDurationsInShortAndIsoForm() {
    assertThat(AlertRules.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(AlertRules.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(AlertRules.parseDuration("1d2h")).isEqualTo(Duration.ofHours(26));
    assertThat(AlertRules.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
    assertThat(AlertRules.parseDuration("0")).isZero();
    assertThatThrownBy(() -> AlertRules.parseDuration("10 m"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AlertRules.parseDuration("m10"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loadNamesTheFileInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, FULL_RULE.replace("severity: critical", "severity: 3"));

    assertThatThrownBy(() -> AlertRules.load(file))
        .hasMessageStartingWith(file + ": rule 'error_rate_high': severity");

    Files.writeString(file, FULL_RULE);
    assertThat(AlertRules.load(file).rule("error_rate_high")).isPresent();
  }

  @Test
  void defaultsShipTheSixDocumentedRules() {
    AlertRules defaults = AlertRules.defaults();

    assertThat(defaults.rules())
        .extracting(AlertRule::name)
        .containsExactly(
            "feature_drift",
            "dataset_drift",
            "error_rate_high",
            "latency_p99_high",
            "accuracy_drop",
            "concept_drift");
    assertThat(defaults.rule("feature_drift").orElseThrow())
        .isEqualTo(
            AlertRule.of("feature_drift", "feature_drift", "drifted", Comparison.EQUAL, 1)
                .withForWindows(2)
                .withSummary(defaults.rule("feature_drift").orElseThrow().summary()));
    AlertRule dataset = defaults.rule("dataset_drift").orElseThrow();
    assertThat(dataset.forWindows()).isEqualTo(2);
    assertThat(dataset.severity()).isEqualTo(Severity.CRITICAL);
    AlertRule errors = defaults.rule("error_rate_high").orElseThrow();
    assertThat(errors.comparison()).isEqualTo(Comparison.GREATER);
    assertThat(errors.threshold()).isEqualTo(0.05);
    assertThat(errors.forWindows()).isEqualTo(3);
    assertThat(errors.resolveThreshold()).isEqualTo(0.02);
    assertThat(errors.severity()).isEqualTo(Severity.CRITICAL);
    AlertRule latency = defaults.rule("latency_p99_high").orElseThrow();
    assertThat(latency.field()).isEqualTo("latency_p99_ms");
    assertThat(latency.threshold()).isEqualTo(50);
    assertThat(latency.forWindows()).isEqualTo(3);
    assertThat(latency.severity()).isEqualTo(Severity.WARNING);
    AlertRule accuracy = defaults.rule("accuracy_drop").orElseThrow();
    assertThat(accuracy.comparison()).isEqualTo(Comparison.LESS);
    assertThat(accuracy.threshold()).isEqualTo(0.7);
    assertThat(accuracy.resolveThreshold()).isEqualTo(0.75);
    assertThat(accuracy.forWindows()).isEqualTo(2);
    assertThat(accuracy.severity()).isEqualTo(Severity.CRITICAL);
    AlertRule concept = defaults.rule("concept_drift").orElseThrow();
    assertThat(concept.field()).isEqualTo("detected");
    assertThat(concept.forWindows()).isEqualTo(1);
    assertThat(concept.cooldown()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void defaultFeatureDriftRuleFiresOnTheSecondDriftedWindowWithItsSummary() {
    AlertRule rule = AlertRules.defaults().rule("feature_drift").orElseThrow();
    Map<String, String> tags = Map.of("model", "iris", "version", "1", "feature", "petal_width");
    MetricSample first = sample("feature_drift", tags, "drifted", 1, 0);

    assertThat(AlertRules.defaults().matching(first)).hasSize(1);
    Run run = new Run(rule).feed(first, sample("feature_drift", tags, "drifted", 1, 1));

    assertThat(run.transitionWindows).containsExactly(window(1));
    assertThat(run.transitions.get(0).summary())
        .isEqualTo("Feature petal_width of model iris version 1 drifted for 2 windows");
  }
}
