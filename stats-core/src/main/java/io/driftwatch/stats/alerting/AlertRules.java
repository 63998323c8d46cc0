package io.driftwatch.stats.alerting;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated set of alert rules with unique names, read from a YAML rule file:
 *
 * <pre>{@code
 * rules:
 *   - name: error_rate_high          # required; the alertname label
 *     measurement: serving           # required
 *     field: error_rate              # required
 *     comparison: ">"                # required: > >= < <= == != (quoted) or gt ge lt le eq ne
 *     threshold: 0.05                # required, a number
 *     forWindows: 3                  # default 1
 *     resolveThreshold: 0.02         # default = threshold
 *     cooldown: 10m                  # default 0; e.g. 500ms, 90s, 10m, 1h, 1d, 1h30m or PT10M
 *     severity: critical             # info | warning (default) | critical
 *     matchers: {variant: champion}  # exact tag matches, default none
 *     labels: {team: ml}             # extra labels, default none
 *     summary: "Error rate {{value}} on {{tags.model}}"   # optional template
 * }</pre>
 *
 * <p>The file may also be just the list. Unknown and duplicate keys are rejected; every error names
 * the rule (by name, or by position when it has none) and the key. Immutable and thread-safe.
 */
public final class AlertRules implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Class-path location of the shipped default rules. */
  public static final String DEFAULT_RESOURCE = "io/driftwatch/stats/alerting/default-rules.yaml";

  private static final Set<String> KEYS =
      Set.of(
          "name",
          "measurement",
          "field",
          "matchers",
          "comparison",
          "threshold",
          "forWindows",
          "resolveThreshold",
          "cooldown",
          "severity",
          "labels",
          "summary");

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final List<AlertRule> rules;

  /**
   * @throws IllegalArgumentException if two rules share a name
   */
  public AlertRules(List<AlertRule> rules) {
    if (rules == null) {
      throw new IllegalArgumentException("rules must not be null");
    }
    Set<String> names = new HashSet<>();
    for (AlertRule rule : rules) {
      if (rule == null) {
        throw new IllegalArgumentException("rules must not contain null");
      }
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException("rule '" + rule.name() + "': name is used twice");
      }
    }
    this.rules = List.copyOf(rules);
  }

  /** The rules in file order. */
  public List<AlertRule> rules() {
    return rules;
  }

  /** The rule named {@code name}. */
  public Optional<AlertRule> rule(String name) {
    return rules.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The series of {@code sample} for every matching rule; see {@link AlertEvaluator#matching}. */
  public List<SeriesKey> matching(MetricSample sample) {
    return AlertEvaluator.matching(rules, sample);
  }

  /**
   * The default rules shipped in {@value #DEFAULT_RESOURCE}: feature drift, dataset drift, error
   * rate, p99 latency, accuracy drop and concept drift (the file gives each one's rationale).
   */
  public static AlertRules defaults() {
    try (InputStream in = AlertRules.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /**
   * Reads the rule file at {@code path}.
   *
   * @throws IllegalArgumentException naming the file for an invalid file
   * @throws UncheckedIOException if it cannot be read
   */
  public static AlertRules load(Path path) {
    String yaml;
    try {
      yaml = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read alert rules " + path, e);
    }
    try {
      return parse(yaml);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a rule file's text.
   *
   * @throws IllegalArgumentException for invalid YAML or an invalid rule, naming the rule and key
   */
  public static AlertRules parse(String yaml) {
    if (yaml == null) {
      throw new IllegalArgumentException("yaml must not be null");
    }
    JsonNode root;
    try {
      YAMLMapper mapper = new YAMLMapper();
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      root = mapper.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid alert rules YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new AlertRules(List.of());
    }
    JsonNode list = root;
    if (root.isObject()) {
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!key.equals("rules")) {
          throw new IllegalArgumentException(
              "unknown top-level key '" + key + "'; the file has one key, 'rules'");
        }
      }
      list = root.path("rules");
      if (list.isMissingNode() || list.isNull()) {
        return new AlertRules(List.of());
      }
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("'rules' must be a list of rules");
    }
    List<AlertRule> rules = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      rules.add(rule(list.get(i), i + 1));
    }
    return new AlertRules(rules);
  }

  private static AlertRule rule(JsonNode node, int position) {
    String where = "rule #" + position;
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": must be a mapping of keys to values");
    }
    JsonNode nameNode = node.get("name");
    if (nameNode != null && nameNode.isTextual()) {
      where = "rule '" + nameNode.asText() + "'";
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            where + ": unknown key '" + key + "'; known keys: " + String.join(", ", sorted(KEYS)));
      }
    }
    String name = text(node, where, "name", true);
    String measurement = text(node, where, "measurement", true);
    String field = text(node, where, "field", true);
    Comparison comparison;
    try {
      comparison = Comparison.fromSymbol(text(node, where, "comparison", true));
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    double threshold = number(node, where, "threshold", true, Double.NaN);
    int forWindows = integer(node, where, "forWindows", 1);
    double resolveThreshold = number(node, where, "resolveThreshold", false, threshold);
    Duration cooldown = duration(node, where, "cooldown");
    Severity severity = Severity.WARNING;
    String severityText = text(node, where, "severity", false);
    if (severityText != null) {
      try {
        severity = Severity.fromLabel(severityText);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    Map<String, String> matchers = map(node, where, "matchers");
    Map<String, String> labels = map(node, where, "labels");
    String summary = text(node, where, "summary", false);
    return new AlertRule(
        name,
        measurement,
        field,
        matchers,
        comparison,
        threshold,
        forWindows,
        resolveThreshold,
        cooldown,
        severity,
        labels,
        summary);
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  private static String text(JsonNode node, String where, String key, boolean required) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException(where + ": missing key '" + key + "'");
      }
      return null;
    }
    if (!value.isValueNode()) {
      throw new IllegalArgumentException(where + ": '" + key + "' must be a single value");
    }
    return value.asText();
  }

  private static double number(
      JsonNode node, String where, String key, boolean required, double absent) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException(where + ": missing key '" + key + "'");
      }
      return absent;
    }
    if (!value.isNumber()) {
      throw new IllegalArgumentException(
          where + ": '" + key + "' must be a number, was '" + value.asText() + "'");
    }
    return value.doubleValue();
  }

  private static int integer(JsonNode node, String where, String key, int absent) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(
          where + ": '" + key + "' must be a whole number, was '" + value.asText() + "'");
    }
    return value.intValue();
  }

  private static Duration duration(JsonNode node, String where, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Duration.ZERO;
    }
    if (value.isNumber() && value.asDouble() == 0) {
      return Duration.ZERO;
    }
    try {
      return parseDuration(value.isTextual() ? value.asText() : "");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where
              + ": '"
              + key
              + "' must be a duration such as 500ms, 90s, 10m, 1h, 1h30m or PT10M, was '"
              + value.asText()
              + "'",
          e);
    }
  }

  /** {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 1d}, {@code 0} or ISO-8601. */
  static Duration parseDuration(String text) {
    String trimmed = text.trim();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
      return Duration.parse(trimmed);
    }
    Matcher m = DURATION_PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long amount = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
      end = m.end();
    }
    if (end == 0 || end != trimmed.length()) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    return total;
  }

  private static Map<String, String> map(JsonNode node, String where, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException(
          where + ": '" + key + "' must be a mapping of names to values");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new IllegalArgumentException(
            where + ": '" + key + "." + e.getKey() + "' must be a single value");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AlertRules other && rules.equals(other.rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  @Override
  public String toString() {
    return "AlertRules" + rules.stream().map(AlertRule::name).toList();
  }
}
