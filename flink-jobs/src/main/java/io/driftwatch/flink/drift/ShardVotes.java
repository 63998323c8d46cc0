package io.driftwatch.flink.drift;

/**
 * One feature shard's votes for the model-level dataset-drift decision of one window, as {@link
 * DriftWindows} emits them to {@link DriftWindows#VOTES} when it evaluates the window.
 *
 * @param model model name
 * @param version model version
 * @param windowEnd window end, epoch milliseconds UTC, exclusive; the InfluxDB point time
 * @param votes the shard's features' verdicts
 */
public record ShardVotes(String model, String version, long windowEnd, DatasetVotes votes) {

  public ModelVersionKey key() {
    return new ModelVersionKey(model, version);
  }
}
