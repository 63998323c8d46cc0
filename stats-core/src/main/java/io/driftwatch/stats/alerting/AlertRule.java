package io.driftwatch.stats.alerting;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One alert rule over one field of one measurement, evaluated once per window and series by {@link
 * AlertEvaluator}.
 *
 * <p>The condition is {@code value <comparison> threshold}. It must hold in {@code forWindows}
 * consecutive windows of a series before the alert fires (Prometheus' {@code for}, counted in
 * windows). A firing alert stays firing while {@code value <comparison> resolveThreshold} still
 * holds and resolves in the first window where it does not, so with {@code > 0.05} and resolve
 * threshold 0.02 an error rate of 0.03 keeps the alert firing and 0.02 resolves it. After
 * resolving, the series may not fire again until {@code cooldown} of event time has passed.
 *
 * @param name unique among the rules of a file; letters, digits, {@code _ . : -}; becomes the
 *     {@code alertname} label
 * @param measurement the measurement the rule reads, e.g. {@code serving}
 * @param field the numeric field the rule reads, e.g. {@code error_rate}
 * @param matchers tag name → value a sample must carry exactly (e.g. {@code variant: champion});
 *     empty (default) matches every sample of the measurement
 * @param comparison how the value is compared with the thresholds
 * @param threshold finite
 * @param forWindows consecutive windows the condition must hold before FIRING, at least 1; default
 *     1
 * @param resolveThreshold finite; default = threshold. For {@code >} and {@code >=} at most the
 *     threshold, for {@code <} and {@code <=} at least the threshold, for {@code ==} and {@code !=}
 *     equal to it (no hysteresis on equality)
 * @param cooldown event time after a resolve during which the series does not fire again; zero or
 *     positive, default zero. Windows seen during the cooldown still count towards {@code
 *     forWindows}
 * @param severity default {@link Severity#WARNING}
 * @param labels extra labels on every alert of the rule (e.g. {@code team: ml}); may not be {@code
 *     alertname} or {@code severity}, and never overwrite a tag of the sample; default empty
 * @param summary optional template for the {@code summary} annotation, see {@link #renderSummary};
 *     null for the built-in one
 */
public record AlertRule(
    String name,
    String measurement,
    String field,
    Map<String, String> matchers,
    Comparison comparison,
    double threshold,
    int forWindows,
    double resolveThreshold,
    Duration cooldown,
    Severity severity,
    Map<String, String> labels,
    String summary)
    implements Serializable {

  /** Label names the evaluator sets itself. */
  public static final Set<String> RESERVED_LABELS = Set.of("alertname", "severity");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

  public AlertRule {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "rule name must be letters, digits, '_', '.', ':' or '-', was '" + name + "'");
    }
    String rule = "rule '" + name + "': ";
    if (measurement == null || measurement.isBlank()) {
      throw new IllegalArgumentException(rule + "measurement must not be blank");
    }
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException(rule + "field must not be blank");
    }
    if (comparison == null) {
      throw new IllegalArgumentException(rule + "comparison must not be null");
    }
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException(rule + "threshold must be finite, was " + threshold);
    }
    if (forWindows < 1) {
      throw new IllegalArgumentException(rule + "forWindows must be at least 1, was " + forWindows);
    }
    if (!Double.isFinite(resolveThreshold)) {
      throw new IllegalArgumentException(
          rule + "resolveThreshold must be finite, was " + resolveThreshold);
    }
    if (comparison.upward() && resolveThreshold > threshold) {
      throw new IllegalArgumentException(
          rule
              + "resolveThreshold must be at most threshold ("
              + threshold
              + ") for "
              + comparison.symbol()
              + ", was "
              + resolveThreshold);
    }
    if (comparison.downward() && resolveThreshold < threshold) {
      throw new IllegalArgumentException(
          rule
              + "resolveThreshold must be at least threshold ("
              + threshold
              + ") for "
              + comparison.symbol()
              + ", was "
              + resolveThreshold);
    }
    if (!comparison.upward() && !comparison.downward() && resolveThreshold != threshold) {
      throw new IllegalArgumentException(
          rule
              + "resolveThreshold must equal threshold ("
              + threshold
              + ") for "
              + comparison.symbol()
              + ", was "
              + resolveThreshold);
    }
    if (cooldown == null || cooldown.isNegative()) {
      throw new IllegalArgumentException(
          rule + "cooldown must be zero or positive, was " + cooldown);
    }
    if (severity == null) {
      throw new IllegalArgumentException(rule + "severity must not be null");
    }
    matchers = copy(rule, "matchers", matchers);
    labels = copy(rule, "labels", labels);
    for (String reserved : RESERVED_LABELS) {
      if (labels.containsKey(reserved)) {
        throw new IllegalArgumentException(
            rule + "labels must not set '" + reserved + "', the evaluator sets it");
      }
    }
    if (summary != null) {
      try {
        SummaryTemplate.check(summary);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(rule + "summary " + e.getMessage(), e);
      }
    }
  }

  private static Map<String, String> copy(String rule, String key, Map<String, String> map) {
    if (map == null) {
      return Map.of();
    }
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException(
            rule + key + " must map non-blank names to values, had " + e);
      }
    }
    return Map.copyOf(map);
  }

  /**
   * A rule with the defaults: no matchers, forWindows 1, resolveThreshold = threshold, no cooldown,
   * severity warning, no labels, the built-in summary.
   */
  public static AlertRule of(
      String name, String measurement, String field, Comparison comparison, double threshold) {
    return new AlertRule(
        name,
        measurement,
        field,
        Map.of(),
        comparison,
        threshold,
        1,
        threshold,
        Duration.ZERO,
        Severity.WARNING,
        Map.of(),
        null);
  }

  /** This rule with {@code forWindows}. */
  public AlertRule withForWindows(int forWindows) {
    return edit(d -> d.forWindows = forWindows);
  }

  /** This rule with {@code resolveThreshold}. */
  public AlertRule withResolveThreshold(double resolveThreshold) {
    return edit(d -> d.resolveThreshold = resolveThreshold);
  }

  /** This rule with {@code cooldown}. */
  public AlertRule withCooldown(Duration cooldown) {
    return edit(d -> d.cooldown = cooldown);
  }

  /** This rule with {@code severity}. */
  public AlertRule withSeverity(Severity severity) {
    return edit(d -> d.severity = severity);
  }

  /** This rule with {@code matchers}. */
  public AlertRule withMatchers(Map<String, String> matchers) {
    return edit(d -> d.matchers = matchers);
  }

  /** This rule with {@code labels}. */
  public AlertRule withLabels(Map<String, String> labels) {
    return edit(d -> d.labels = labels);
  }

  /** This rule with the {@code summary} template (null for the built-in one). */
  public AlertRule withSummary(String summary) {
    return edit(d -> d.summary = summary);
  }

  /** A copy with {@code change} applied, validated by the canonical constructor. */
  private AlertRule edit(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** The components of a rule being copied with one change; lives only inside {@link #edit}. */
  private static final class Draft {
    private final AlertRule from;
    Map<String, String> matchers;
    int forWindows;
    double resolveThreshold;
    Duration cooldown;
    Severity severity;
    Map<String, String> labels;
    String summary;

    Draft(AlertRule from) {
      this.from = from;
      this.matchers = from.matchers;
      this.forWindows = from.forWindows;
      this.resolveThreshold = from.resolveThreshold;
      this.cooldown = from.cooldown;
      this.severity = from.severity;
      this.labels = from.labels;
      this.summary = from.summary;
    }

    AlertRule build() {
      return new AlertRule(
          from.name,
          from.measurement,
          from.field,
          matchers,
          from.comparison,
          from.threshold,
          forWindows,
          resolveThreshold,
          cooldown,
          severity,
          labels,
          summary);
    }
  }

  /** Whether {@code sample} is of this rule's measurement, carries its field and its matchers. */
  public boolean matches(MetricSample sample) {
    if (!measurement.equals(sample.measurement()) || !sample.fields().containsKey(field)) {
      return false;
    }
    for (Map.Entry<String, String> m : matchers.entrySet()) {
      if (!m.getValue().equals(sample.tags().get(m.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The rule's field in {@code sample}, if present. */
  public Optional<Double> valueOf(MetricSample sample) {
    return Optional.ofNullable(sample.fields().get(field));
  }

  /**
   * The summary annotation for an alert of this rule. A template may use {@code {{value}}}, {@code
   * {{threshold}}}, {@code {{resolveThreshold}}}, {@code {{rule}}}, {@code {{measurement}}}, {@code
   * {{field}}}, {@code {{severity}}}, {@code {{tags.NAME}}} and {@code {{labels.NAME}}} (an absent
   * tag or label renders empty). Numbers are printed with at most 4 significant digits, integers
   * without a decimal point. Without a template: {@code "rule: measurement.field = value (>
   * threshold) on tag=value, ..."}.
   */
  public String renderSummary(
      double value, Map<String, String> tags, Map<String, String> alertLabels) {
    String template =
        summary != null
            ? summary
            : "{{rule}}: {{measurement}}.{{field}} = {{value}} ("
                + comparison.symbol()
                + " {{threshold}})"
                + (tags.isEmpty() ? "" : " on " + SummaryTemplate.describe(tags));
    return SummaryTemplate.render(template, this, value, tags, alertLabels);
  }

  /**
   * A sentence stating the condition, e.g. {@code "serving.error_rate > 0.05 for 3 consecutive
   * windows; resolves when not > 0.02"}.
   */
  public String describe() {
    StringBuilder sb =
        new StringBuilder(measurement)
            .append('.')
            .append(field)
            .append(' ')
            .append(comparison.symbol())
            .append(' ')
            .append(SummaryTemplate.number(threshold));
    sb.append(forWindows == 1 ? " in a window" : " for " + forWindows + " consecutive windows");
    if (resolveThreshold != threshold) {
      sb.append("; resolves when not ")
          .append(comparison.symbol())
          .append(' ')
          .append(SummaryTemplate.number(resolveThreshold));
    }
    if (!cooldown.isZero()) {
      sb.append("; cooldown ").append(cooldown);
    }
    return sb.toString();
  }
}
