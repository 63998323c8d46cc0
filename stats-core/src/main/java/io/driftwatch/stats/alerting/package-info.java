/**
 * Alert-rule evaluation over the metric points the monitoring jobs emit, the Prometheus
 * Alertmanager webhook payload, its HMAC-SHA256 signature and the delivery retry policy.
 *
 * <p>{@link io.driftwatch.stats.alerting.AlertRules} reads a YAML rule file; {@link
 * io.driftwatch.stats.alerting.AlertEvaluator} turns one {@link
 * io.driftwatch.stats.alerting.MetricSample} and one series' {@link
 * io.driftwatch.stats.alerting.AlertState} into the next state and at most one {@link
 * io.driftwatch.stats.alerting.AlertTransition} (FIRING or RESOLVED). The state of one series (rule
 * + the sample's tags, a {@link io.driftwatch.stats.alerting.SeriesKey}) serializes to bytes for
 * Flink keyed state. Pure Java, no Flink, Kafka or HTTP; everything here is immutable and
 * thread-safe.
 */
package io.driftwatch.stats.alerting;
