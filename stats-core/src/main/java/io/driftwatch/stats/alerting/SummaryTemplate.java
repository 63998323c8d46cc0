package io.driftwatch.stats.alerting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code {{placeholder}}} templates of {@link AlertRule#summary()}. */
final class SummaryTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
  private static final Set<String> PLAIN =
      Set.of("value", "threshold", "resolveThreshold", "rule", "measurement", "field", "severity");

  private SummaryTemplate() {}

  /** Rejects unknown placeholders and unbalanced braces. */
  static void check(String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      String name = m.group(1);
      if (!PLAIN.contains(name) && !isPrefixed(name, "tags.") && !isPrefixed(name, "labels.")) {
        throw new IllegalArgumentException(
            "has unknown placeholder {{"
                + name
                + "}}; known: value, threshold, resolveThreshold, rule, measurement, field,"
                + " severity, tags.NAME, labels.NAME");
      }
    }
    String rest = PLACEHOLDER.matcher(template).replaceAll("");
    if (rest.contains("{{") || rest.contains("}}")) {
      throw new IllegalArgumentException("has an unbalanced '{{' or '}}': " + template);
    }
  }

  private static boolean isPrefixed(String name, String prefix) {
    return name.startsWith(prefix) && name.length() > prefix.length();
  }

  static String render(
      String template,
      AlertRule rule,
      double value,
      Map<String, String> tags,
      Map<String, String> labels) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement =
          switch (name) {
            case "value" -> number(value);
            case "threshold" -> number(rule.threshold());
            case "resolveThreshold" -> number(rule.resolveThreshold());
            case "rule" -> rule.name();
            case "measurement" -> rule.measurement();
            case "field" -> rule.field();
            case "severity" -> rule.severity().label();
            default ->
                name.startsWith("tags.")
                    ? tags.getOrDefault(name.substring(5), "")
                    : labels.getOrDefault(name.substring(7), "");
          };
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** {@code name=value, ...} sorted by name. */
  static String describe(Map<String, String> tags) {
    StringBuilder sb = new StringBuilder();
    tags.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              if (sb.length() > 0) {
                sb.append(", ");
              }
              sb.append(e.getKey()).append('=').append(e.getValue());
            });
    return sb.toString();
  }

  /** At most 4 significant digits; integers without a decimal point; NaN as "NaN". */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
