/**
 * Windowed model quality from labeled predictions: {@link
 * io.driftwatch.stats.evaluation.ClassificationMetrics} (confusion matrix, macro averages, AUC),
 * {@link io.driftwatch.stats.evaluation.RegressionMetrics} (RMSE, MAE) and {@link
 * io.driftwatch.stats.evaluation.VariantComparison} (champion vs challenger significance tests).
 * Accumulators are mergeable and serialize to bytes with a format byte for Flink keyed state. Pure
 * Java, no Flink, Kafka or HTTP.
 */
package io.driftwatch.stats.evaluation;
