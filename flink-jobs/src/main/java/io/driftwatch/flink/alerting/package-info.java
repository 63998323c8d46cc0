/**
 * Alert rules in Flink: every window point the job writes becomes a {@link
 * io.driftwatch.stats.alerting.MetricSample}, each matching rule is evaluated per series in keyed,
 * checkpointed state, and every FIRING or RESOLVED transition goes to the {@code alerts} topic and
 * the InfluxDB {@code alerts} measurement. The evaluation itself lives in {@link
 * io.driftwatch.stats.alerting.AlertEvaluator}.
 */
package io.driftwatch.flink.alerting;
