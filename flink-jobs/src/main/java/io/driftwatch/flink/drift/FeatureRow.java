package io.driftwatch.flink.drift;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One shard of what the drift windows need of an answered prediction, projected at the source so
 * that only feature values and outputs cross the network: the values in the order of a {@link
 * FeatureLayout} that the row names by id (the names themselves only on the first row of a layout,
 * see {@link AnsweredFeatureRows}). Serialized by {@link FeatureRowSerializer}; never modified
 * after construction.
 *
 * @param model model name
 * @param version model version
 * @param shard which of the version's feature shards this row holds, see {@link
 *     FeatureShardKey#shardOf}
 * @param layoutId id of the layout of the value arrays
 * @param layout the layout's names, or null when an earlier row already carried them
 * @param numericValues numeric values in layout order (NaN where missing)
 * @param numericMissing which numeric values are missing (absent or null), or null when none are
 * @param categoricalValues categories in layout order; null marks a missing value
 * @param predictedClass the predicted class; null for regressors and on shards other than 0
 * @param score the score; null on shards other than 0
 */
@TypeInfo(FeatureRowTypeInfoFactory.class)
public record FeatureRow(
    String model,
    String version,
    int shard,
    long layoutId,
    FeatureLayout layout,
    double[] numericValues,
    boolean[] numericMissing,
    String[] categoricalValues,
    String predictedClass,
    Double score) {

  /** Whether numeric value {@code i} is missing. */
  public boolean isMissing(int i) {
    return numericMissing != null && numericMissing[i];
  }

  public FeatureShardKey key() {
    return new FeatureShardKey(model, version, shard);
  }
}
