package io.driftwatch.flink.drift;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Emits the {@link FeatureRow}s of every answered prediction, one per feature shard (also for a
 * shard none of whose features the event has, so every shard counts every row), and nothing for
 * refused ones.
 *
 * <p>The rows carry values only, in the order of the event's feature maps, plus the id of that
 * order (a 64-bit FNV-1a hash of the names); the first row of each (model, version, layout) this
 * instance sends also carries the names ({@link FeatureLayout}), which the drift windows keep in
 * keyed state. Every restart of the job restarts this instance too, so the names are sent again
 * before any row that needs them. The plans of the (model, version, layout)s seen live in this
 * instance's memory, at most {@value #MAX_LAYOUTS} (then all are forgotten and the names sent
 * again); not thread-safe, like every Flink function instance.
 *
 * <p>Each row's shard is the id {@link FeatureShardKey#spreadIds} gives its index for the drift
 * operator's max parallelism (computed with the plan), so that the shards of one version land on
 * different subtasks.
 */
public final class AnsweredFeatureRows implements FlatMapFunction<PredictionEvent, FeatureRow> {

  private static final long serialVersionUID = 1L;

  static final int MAX_LAYOUTS = 10_000;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final int shards;
  private final int maxParallelism;
  private transient Map<LayoutKey, LayoutPlan> plans;

  /**
   * Which shard each column goes to, the per-shard layouts, and the shard ids, of one name order of
   * one model version.
   */
  private record LayoutPlan(
      int[] numericShard, int[] categoricalShard, FeatureLayout[] layouts, int[] shardIds) {}

  private record LayoutKey(String model, String version, long layoutId) {}

  /**
   * @param shards feature shards per model version, >= 1
   * @param maxParallelism the max parallelism of the operator the rows are keyed into, >= 1
   */
  public AnsweredFeatureRows(int shards, int maxParallelism) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, was " + shards);
    }
    if (maxParallelism < 1) {
      throw new IllegalArgumentException("maxParallelism must be >= 1, was " + maxParallelism);
    }
    this.shards = shards;
    this.maxParallelism = maxParallelism;
  }

  @Override
  public void flatMap(PredictionEvent event, Collector<FeatureRow> out) {
    if (event.getStatus() != PredictionStatus.OK) {
      return;
    }
    if (plans == null || plans.size() >= MAX_LAYOUTS) {
      plans = new HashMap<>();
    }
    Map<String, Double> numeric = event.getNumericFeatures();
    Map<String, String> categorical = event.getCategoricalFeatures();
    long id = layoutId(numeric, categorical);
    LayoutKey key = new LayoutKey(event.getModel(), event.getVersion(), id);
    LayoutPlan plan = plans.get(key);
    // The first row of a layout of a model version carries the names.
    boolean withNames = plan == null;
    if (withNames) {
      plan = plan(key, numeric, categorical);
      plans.put(key, plan);
    }
    int[] ids = plan.shardIds;
    // One pass over each map, each value to its shard's arrays in layout order.
    double[][] values = new double[shards][];
    boolean[][] missing = new boolean[shards][];
    String[][] categories = new String[shards][];
    int[] filled = new int[shards];
    for (int shard = 0; shard < shards; shard++) {
      values[shard] = new double[plan.layouts[shard].numeric().length];
      categories[shard] = new String[plan.layouts[shard].categorical().length];
    }
    int column = 0;
    for (Double value : numeric.values()) {
      int shard = plan.numericShard[column++];
      int j = filled[shard]++;
      if (value == null) {
        if (missing[shard] == null) {
          missing[shard] = new boolean[values[shard].length];
        }
        missing[shard][j] = true;
        values[shard][j] = Double.NaN;
      } else {
        values[shard][j] = value;
      }
    }
    Arrays.fill(filled, 0);
    column = 0;
    for (String value : categorical.values()) {
      int shard = plan.categoricalShard[column++];
      categories[shard][filled[shard]++] = value;
    }
    for (int shard = 0; shard < shards; shard++) {
      out.collect(
          new FeatureRow(
              event.getModel(),
              event.getVersion(),
              ids[shard],
              id,
              withNames ? plan.layouts[shard] : null,
              values[shard],
              missing[shard],
              categories[shard],
              shard == 0 ? event.getPredictedClass() : null,
              shard == 0 ? event.getScore() : null));
    }
  }

  /** FNV-1a over the numeric names, a separator, then the categorical names, in map order. */
  static long layoutId(Map<String, Double> numeric, Map<String, String> categorical) {
    long hash = FNV_OFFSET;
    for (String name : numeric.keySet()) {
      hash = mix(hash, name);
    }
    hash = (hash ^ 0x1F) * FNV_PRIME;
    for (String name : categorical.keySet()) {
      hash = mix(hash, name);
    }
    return hash;
  }

  private static long mix(long hash, String name) {
    for (int c = 0; c < name.length(); c++) {
      hash = (hash ^ name.charAt(c)) * FNV_PRIME;
    }
    return (hash ^ 0x1E) * FNV_PRIME;
  }

  private LayoutPlan plan(
      LayoutKey key, Map<String, Double> numeric, Map<String, String> categorical) {
    long id = key.layoutId();
    int[] numericShard = shardsOf(numeric.keySet());
    int[] categoricalShard = shardsOf(categorical.keySet());
    FeatureLayout[] layouts = new FeatureLayout[shards];
    for (int shard = 0; shard < shards; shard++) {
      layouts[shard] =
          new FeatureLayout(
              id,
              namesOf(numeric.keySet(), numericShard, shard),
              namesOf(categorical.keySet(), categoricalShard, shard));
    }
    return new LayoutPlan(
        numericShard,
        categoricalShard,
        layouts,
        FeatureShardKey.spreadIds(key.model(), key.version(), shards, maxParallelism));
  }

  private int[] shardsOf(Set<String> names) {
    int[] shardOf = new int[names.size()];
    int i = 0;
    for (String name : names) {
      shardOf[i++] = FeatureShardKey.shardOf(name, shards);
    }
    return shardOf;
  }

  private static String[] namesOf(Set<String> names, int[] shardOf, int shard) {
    List<String> selected = new ArrayList<>();
    int i = 0;
    for (String name : names) {
      if (shardOf[i++] == shard) {
        selected.add(name);
      }
    }
    return selected.toArray(new String[0]);
  }
}
