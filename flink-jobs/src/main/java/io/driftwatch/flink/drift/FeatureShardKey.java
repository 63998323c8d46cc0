package io.driftwatch.flink.drift;

import java.util.Objects;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The key of the drift windows: a model version and one shard of its features. Features are spread
 * over shards by {@link #shardOf}, so one hot model's drift work spreads over up to {@code shards}
 * parallel subtasks instead of one.
 *
 * <p>Which subtask a key lands on is Flink's choice (a hash of the key into one of the operator's
 * max-parallelism key groups, each subtask owning a contiguous range of them), so the shards of one
 * version could all land on one subtask: with 4 shards on 2 subtasks, one in eight versions would
 * get no spread at all and most an uneven one. {@link #spreadIds} therefore gives shard {@code i}
 * the id {@code i + shards × s}, with the smallest {@code s ≥ 0} that puts the key into key group
 * {@code g0 + i × maxParallelism / shards} (mod maxParallelism), {@code g0} being shard 0's group:
 * the shards sit evenly spaced around the key-group ring, so at any parallelism the subtasks hold
 * {@code shards / parallelism} of them rounded down or up — one each at parallelism = shards. The
 * ids depend on the max parallelism only, not on the parallelism, so they stay the same when the
 * job is rescaled (a savepoint fixes the max parallelism). {@link #index} recovers the shard from
 * the id.
 *
 * @param model model name
 * @param version model version
 * @param shard the shard id: the shard's index 0 .. shards-1 plus a multiple of shards
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

  /** The shard's index, 0 .. shards-1: which of the version's features the key holds. */
  public int index(int shards) {
    return Math.floorMod(shard, shards);
  }

  /**
   * The shard ids of a version (see the class comment), index by index; {@code 0 .. shards-1}
   * unchanged with one shard or fewer key groups than shards. A shard whose target key group no id
   * among the first {@code 100 × maxParallelism} tries hits (each try hits with probability
   * 1/maxParallelism) keeps the closest one found.
   *
   * @param maxParallelism the drift operator's max parallelism (its number of key groups)
   */
  public static int[] spreadIds(String model, String version, int shards, int maxParallelism) {
    int[] ids = new int[shards];
    for (int i = 0; i < shards; i++) {
      ids[i] = i;
    }
    if (shards < 2 || maxParallelism < shards) {
      return ids;
    }
    int origin = keyGroup(new FeatureShardKey(model, version, 0), maxParallelism);
    long tries = 100L * maxParallelism;
    for (int i = 1; i < shards; i++) {
      int target = (int) ((long) i * maxParallelism / shards);
      int closest = Integer.MAX_VALUE;
      for (long s = 0; s < tries && closest > 0; s++) {
        int id = (int) (i + shards * s);
        int offset =
            Math.floorMod(
                keyGroup(new FeatureShardKey(model, version, id), maxParallelism) - origin,
                maxParallelism);
        int apart = Math.abs(offset - target);
        int distance = Math.min(apart, maxParallelism - apart);
        if (distance < closest) {
          closest = distance;
          ids[i] = id;
        }
      }
    }
    return ids;
  }

  private static int keyGroup(FeatureShardKey key, int maxParallelism) {
    return KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
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
