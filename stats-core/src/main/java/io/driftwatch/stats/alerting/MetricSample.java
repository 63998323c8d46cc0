package io.driftwatch.stats.alerting;

import java.time.Instant;
import java.util.Map;

/**
 * One metric point as the monitoring jobs write it to InfluxDB: a measurement (e.g. {@code
 * serving}), its tags (e.g. model, version, variant), its numeric fields and the end of the window
 * it describes (the point's timestamp).
 *
 * @param measurement non-blank
 * @param tags tag name → value, copied; may be empty
 * @param fields field name → value, copied; NaN allowed (a rule never matches NaN)
 * @param windowEnd the event-time end of the window
 */
public record MetricSample(
    String measurement, Map<String, String> tags, Map<String, Double> fields, Instant windowEnd) {

  public MetricSample {
    if (measurement == null || measurement.isBlank()) {
      throw new IllegalArgumentException("measurement must not be blank");
    }
    if (tags == null) {
      throw new IllegalArgumentException("tags must not be null");
    }
    if (fields == null) {
      throw new IllegalArgumentException("fields must not be null");
    }
    if (windowEnd == null) {
      throw new IllegalArgumentException("windowEnd must not be null");
    }
    tags = Map.copyOf(tags);
    fields = Map.copyOf(fields);
  }
}
