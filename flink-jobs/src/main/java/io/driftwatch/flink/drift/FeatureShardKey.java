package io.driftwatch.flink.drift;

import java.util.Objects;

/**
 * The key of the drift windows: a model version and one shard of its features. Features are spread
 * over shards by {@link #shardOf}, so one hot model's drift work spreads over up to {@code shards}
 * parallel subtasks instead of one.
 *
 * @param model model name
 * @param version model version
 * @param shard 0 .. shards-1
 */
public record FeatureShardKey(String model, String version, int shard) {

  public FeatureShardKey {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
  }

  /**
   * The shard of a column: {@code floorMod(name.hashCode(), shards)}. String.hashCode is fixed by
   * the Java language specification, so every JVM agrees. Model outputs always go to shard 0.
   */
  public static int shardOf(String column, int shards) {
    return Math.floorMod(column.hashCode(), shards);
  }

  /** {@code model/version}, the key of the version on topic {@code model-events}. */
  public String id() {
    return model + "/" + version;
  }

  // Spelled out because Flink partitions by hashCode across JVMs; a record's generated hashCode is
  // only specified to be consistent within one JVM.
  @Override
  public int hashCode() {
    return (model.hashCode() * 31 + version.hashCode()) * 31 + shard;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureShardKey key
        && model.equals(key.model)
        && version.equals(key.version)
        && shard == key.shard;
  }
}
