/**
 * Data quality of a live window against a reference column: missing, invalid, out-of-range and
 * unseen-category rates. Pure Java, no Flink, Kafka or HTTP.
 */
package io.driftwatch.stats.quality;
