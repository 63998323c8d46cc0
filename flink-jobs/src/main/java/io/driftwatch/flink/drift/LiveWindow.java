package io.driftwatch.flink.drift;

/**
 * The live profile of one feature shard of one model version over one event-time window, as {@link
 * DriftWindows} hands it to {@link DriftPoints} when the window is evaluated.
 *
 * @param model model name
 * @param version model version
 * @param shard the feature shard, 0 .. shards-1; shard 0 also holds the model outputs
 * @param windowStart window start, epoch milliseconds UTC, inclusive
 * @param windowEnd window end, epoch milliseconds UTC, exclusive; the InfluxDB point time
 * @param profile sketches of the window's answered predictions
 */
public record LiveWindow(
    String model,
    String version,
    int shard,
    long windowStart,
    long windowEnd,
    LiveProfile profile) {

  public ModelVersionKey key() {
    return new ModelVersionKey(model, version);
  }
}
