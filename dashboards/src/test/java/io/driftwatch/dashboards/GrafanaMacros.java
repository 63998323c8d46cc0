package io.driftwatch.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a dashboard's InfluxQL the way Grafana's InfluxDB datasource does before sending it:
 * {@code $timeFilter} becomes {@code time >= <from>ms and time <= <to>ms}, {@code $__interval} and
 * {@code $interval} a duration literal, {@code $__interval_ms} milliseconds, and each template
 * variable ({@code $name} or {@code ${name}}) its value. Values of a regex-matched variable are
 * regex-escaped and several values become {@code (a|b)}, as Grafana formats multi-value variables;
 * the "All" value is substituted as is ({@code .*}).
 *
 * @param from start of the dashboard's time range
 * @param to end of the dashboard's time range
 * @param interval Grafana's {@code $__interval}; whole seconds or milliseconds
 */
record GrafanaMacros(Instant from, Instant to, Duration interval) {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$*+?.()|{}\\[\\]/-]");

  /** A variable's substitution: either Grafana's "All" value or the selected values. */
  record Value(String all, List<String> selected) {

    static Value all(String allValue) {
      return new Value(allValue, List.of());
    }

    static Value of(String... selected) {
      return new Value(null, List.of(selected));
    }

    String render() {
      if (all != null) {
        return all;
      }
      List<String> escaped =
          selected.stream().map(v -> REGEX_SPECIAL.matcher(v).replaceAll("\\\\$0")).toList();
      return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
    }
  }

  /**
   * Fills in every macro and variable.
   *
   * @throws IllegalArgumentException naming the variable, when the query uses one not in {@code
   *     values}
   */
  String render(String influxql, Map<String, Value> values) {
    String timeFilter =
        "time >= " + from.toEpochMilli() + "ms and time <= " + to.toEpochMilli() + "ms";
    String intervalLiteral =
        interval.toMillis() % 1000 == 0 ? interval.toSeconds() + "s" : interval.toMillis() + "ms";
    Matcher m = VARIABLE.matcher(influxql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String replacement =
          switch (name) {
            case "timeFilter", "__timeFilter" -> timeFilter;
            case "__interval", "interval" -> intervalLiteral;
            case "__interval_ms" -> Long.toString(interval.toMillis());
            default -> {
              Value value = values.get(name);
              if (value == null) {
                throw new IllegalArgumentException(
                    "query uses $" + name + ", which is not a dashboard variable: " + influxql);
              }
              yield value.render();
            }
          };
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
