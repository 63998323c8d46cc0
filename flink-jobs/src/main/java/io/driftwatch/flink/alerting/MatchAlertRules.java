package io.driftwatch.flink.alerting;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.stats.alerting.AlertRules;
import io.driftwatch.stats.alerting.MetricSample;
import io.driftwatch.stats.alerting.SeriesKey;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Emits one {@link RuleSample} per rule that matches a window point (measurement, field and tag
 * matchers, see {@link io.driftwatch.stats.alerting.AlertRule#matches}), in rule order; a point no
 * rule reads emits nothing. Stateless.
 */
public final class MatchAlertRules implements FlatMapFunction<MetricPoint, RuleSample> {

  private static final long serialVersionUID = 1L;

  private final AlertRules rules;

  public MatchAlertRules(AlertRules rules) {
    this.rules = rules;
  }

  @Override
  public void flatMap(MetricPoint point, Collector<RuleSample> out) {
    MetricSample sample = RuleSample.toSample(point);
    for (SeriesKey series : rules.matching(sample)) {
      out.collect(new RuleSample(series.id(), series.rule(), point));
    }
  }
}
