/**
 * Distribution summaries of model inputs and outputs: mutable sketches for live windows ({@link
 * io.driftwatch.stats.profile.NumericSketch} on KLL, {@link
 * io.driftwatch.stats.profile.CategoricalSketch} on frequent items) and the immutable reference
 * profile of a model version with its Avro codec. Pure Java, no Flink, Kafka or HTTP.
 */
package io.driftwatch.stats.profile;
