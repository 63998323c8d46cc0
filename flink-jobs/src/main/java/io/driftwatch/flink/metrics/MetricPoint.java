package io.driftwatch.flink.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One InfluxDB point as a plain value: measurement, tags, numeric fields and the time in epoch
 * milliseconds (a window end). Tags and fields are kept as parallel arrays so Flink serializes the
 * record with its own array serializers, never Kryo. Immutable; build with {@link #builder}.
 *
 * <p>Fields are either doubles or integers (InfluxDB fixes a field's type per series, so a field
 * stays in one of the two). Non-finite doubles are left out when the point is built, since InfluxDB
 * rejects NaN and infinity; a reader sees the field as absent for that window.
 *
 * @param measurement InfluxDB measurement, for example {@code feature_drift}
 * @param tagKeys tag names, parallel to {@code tagValues}; no empty values
 * @param tagValues tag values
 * @param doubleKeys names of floating-point fields, parallel to {@code doubleValues}
 * @param doubleValues finite values
 * @param longKeys names of integer fields, parallel to {@code longValues}
 * @param longValues values
 * @param timeMillis point time, epoch milliseconds UTC
 */
public record MetricPoint(
    String measurement,
    String[] tagKeys,
    String[] tagValues,
    String[] doubleKeys,
    double[] doubleValues,
    String[] longKeys,
    long[] longValues,
    long timeMillis) {

  public MetricPoint {
    Objects.requireNonNull(measurement, "measurement");
    if (tagKeys.length != tagValues.length
        || doubleKeys.length != doubleValues.length
        || longKeys.length != longValues.length) {
      throw new IllegalArgumentException("keys and values of " + measurement + " differ in length");
    }
  }

  public static Builder builder(String measurement, long timeMillis) {
    return new Builder(measurement, timeMillis);
  }

  /** Tags by name, in insertion order. */
  public Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < tagKeys.length; i++) {
      tags.put(tagKeys[i], tagValues[i]);
    }
    return tags;
  }

  /** All fields by name (integers widened to double), in insertion order. */
  public Map<String, Double> fields() {
    Map<String, Double> fields = new LinkedHashMap<>();
    for (int i = 0; i < doubleKeys.length; i++) {
      fields.put(doubleKeys[i], doubleValues[i]);
    }
    for (int i = 0; i < longKeys.length; i++) {
      fields.put(longKeys[i], (double) longValues[i]);
    }
    return fields;
  }

  /** A field's value, or NaN when the point has no such field. */
  public double field(String name) {
    return fields().getOrDefault(name, Double.NaN);
  }

  public String tag(String name) {
    return tags().get(name);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MetricPoint p
        && measurement.equals(p.measurement)
        && timeMillis == p.timeMillis
        && Arrays.equals(tagKeys, p.tagKeys)
        && Arrays.equals(tagValues, p.tagValues)
        && Arrays.equals(doubleKeys, p.doubleKeys)
        && Arrays.equals(doubleValues, p.doubleValues)
        && Arrays.equals(longKeys, p.longKeys)
        && Arrays.equals(longValues, p.longValues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(measurement, timeMillis, Arrays.hashCode(tagValues));
  }

  @Override
  public String toString() {
    return measurement + tags() + fields() + "@" + timeMillis;
  }

  /** Collects tags and fields; not thread-safe. */
  public static final class Builder {
    private final String measurement;
    private final long timeMillis;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, Double> doubles = new LinkedHashMap<>();
    private final Map<String, Long> longs = new LinkedHashMap<>();

    private Builder(String measurement, long timeMillis) {
      this.measurement = Objects.requireNonNull(measurement, "measurement");
      this.timeMillis = timeMillis;
    }

    /** Adds a tag; an empty value is left out (InfluxDB has no empty tag values). */
    public Builder tag(String key, String value) {
      if (value != null && !value.isEmpty()) {
        tags.put(key, value);
      }
      return this;
    }

    /** Adds a floating-point field; NaN and infinities are left out. */
    public Builder field(String key, double value) {
      if (Double.isFinite(value)) {
        doubles.put(key, value);
      }
      return this;
    }

    public Builder field(String key, long value) {
      longs.put(key, value);
      return this;
    }

    /** Adds a 0/1 integer field. */
    public Builder flag(String key, boolean value) {
      return field(key, value ? 1L : 0L);
    }

    public MetricPoint build() {
      return new MetricPoint(
          measurement,
          tags.keySet().toArray(String[]::new),
          tags.values().toArray(String[]::new),
          doubles.keySet().toArray(String[]::new),
          doubles.values().stream().mapToDouble(Double::doubleValue).toArray(),
          longs.keySet().toArray(String[]::new),
          longs.values().stream().mapToLong(Long::longValue).toArray(),
          timeMillis);
    }
  }
}
