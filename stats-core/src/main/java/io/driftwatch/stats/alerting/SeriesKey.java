package io.driftwatch.stats.alerting;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Identifies one alert series: a rule and the tags of the samples it is evaluated on. Each series
 * has its own {@link AlertState}; a Flink job keys its state by {@link #id()}.
 *
 * @param rule the rule's name
 * @param tags the sample's tags, sorted by name
 */
public record SeriesKey(String rule, SortedMap<String, String> tags) {

  public SeriesKey {
    if (rule == null || rule.isBlank()) {
      throw new IllegalArgumentException("rule must not be blank");
    }
    if (tags == null) {
      throw new IllegalArgumentException("tags must not be null");
    }
    tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
  }

  /** The series of {@code rule} on the tags of {@code sample}. */
  public static SeriesKey of(AlertRule rule, MetricSample sample) {
    return new SeriesKey(rule.name(), new TreeMap<>(sample.tags()));
  }

  /**
   * A stable string form, {@code rule{name="value",...}} with tags sorted by name and {@code "} and
   * {@code \} escaped: equal keys give equal strings on every JVM, so it is safe as a Flink key.
   */
  public String id() {
    StringBuilder sb = new StringBuilder(rule).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
    }
    return sb.append('}').toString();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return id();
  }
}
