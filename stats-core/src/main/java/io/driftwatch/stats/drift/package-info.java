/**
 * Drift tests of a live window against a reference profile: per-column statistics ({@link
 * io.driftwatch.stats.drift.NumericDrift}, {@link io.driftwatch.stats.drift.CategoricalDrift}), the
 * policy choosing a method and threshold per column ({@link io.driftwatch.stats.drift.DriftPolicy})
 * and the model-level decision with Holm–Bonferroni correction ({@link
 * io.driftwatch.stats.drift.DatasetDrift}). Pure Java, no Flink, Kafka or HTTP.
 */
package io.driftwatch.stats.drift;
