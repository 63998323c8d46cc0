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

  /**
   * The key whose {@link #id()} is {@code id}, so an operator keyed by the id string needs no other
   * state to name its series.
   *
   * @throws IllegalArgumentException if {@code id} is not of the form {@link #id()} writes
   */
  public static SeriesKey parse(String id) {
    int open = id == null ? -1 : id.indexOf('{');
    if (open <= 0 || !id.endsWith("}")) {
      throw new IllegalArgumentException("not a series id: " + id);
    }
    TreeMap<String, String> tags = new TreeMap<>();
    int i = open + 1;
    int end = id.length() - 1;
    while (i < end) {
      int equals = id.indexOf("=\"", i);
      if (equals < 0) {
        throw new IllegalArgumentException("not a series id: " + id);
      }
      String name = id.substring(i, equals);
      StringBuilder value = new StringBuilder();
      int j = equals + 2;
      while (j < end && id.charAt(j) != '"') {
        char c = id.charAt(j);
        if (c == '\\' && j + 1 < end) {
          j++;
          c = id.charAt(j);
        }
        value.append(c);
        j++;
      }
      if (j >= end) {
        throw new IllegalArgumentException("not a series id: " + id);
      }
      tags.put(name, value.toString());
      i = j + 1;
      if (i < end && id.charAt(i++) != ',') {
        throw new IllegalArgumentException("not a series id: " + id);
      }
    }
    return new SeriesKey(id.substring(0, open), tags);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return id();
  }
}
