package io.driftwatch.flink.drift;

/**
 * The column names of one feature shard of a {@link FeatureRow}, in the order of its value arrays.
 * Rows carry only a layout id; the names travel with the first row of each layout a source subtask
 * sends for a model version, and the drift windows keep them in keyed state.
 *
 * @param id the layout id: a 64-bit FNV-1a hash of the event's feature names in map order
 * @param numeric numeric feature names of this shard
 * @param categorical categorical feature names of this shard
 */
public record FeatureLayout(long id, String[] numeric, String[] categorical) {}
