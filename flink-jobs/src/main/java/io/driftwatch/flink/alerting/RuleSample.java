package io.driftwatch.flink.alerting;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.stats.alerting.MetricSample;
import java.time.Instant;
import java.util.Objects;

/**
 * One window point routed to one alert rule: the input of {@link EvaluateAlertRules}, keyed by
 * {@code seriesId}.
 *
 * @param seriesId {@link io.driftwatch.stats.alerting.SeriesKey#id()} of the rule and the point's
 *     tags
 * @param rule the rule's name
 * @param point the window point
 */
public record RuleSample(String seriesId, String rule, MetricPoint point) {

  public RuleSample {
    Objects.requireNonNull(seriesId, "seriesId");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(point, "point");
  }

  /** The point as the alerting core reads it; time = window end. */
  public MetricSample sample() {
    return toSample(point);
  }

  static MetricSample toSample(MetricPoint point) {
    return new MetricSample(
        point.measurement(),
        point.tags(),
        point.fields(),
        Instant.ofEpochMilli(point.timeMillis()));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RuleSample s
        && seriesId.equals(s.seriesId)
        && rule.equals(s.rule)
        && point.equals(s.point);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seriesId, rule, point);
  }
}
