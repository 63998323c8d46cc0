package io.driftwatch.flink.drift;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * before any row that needs them. The layouts and the set of announced ones live in this instance's
 * memory, at most {@value #MAX_LAYOUTS} of each (then both are forgotten and the names sent again);
 * not thread-safe, like every Flink function instance.
 */
public final class AnsweredFeatureRows implements FlatMapFunction<PredictionEvent, FeatureRow> {

  private static final long serialVersionUID = 1L;

  static final int MAX_LAYOUTS = 10_000;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final int shards;
  private transient Map<Long, LayoutPlan> plans;
  private transient Set<Announced> announced;

  /** Which shard each column goes to, and the per-shard layouts, of one name order. */
  private record LayoutPlan(int[] numericShard, int[] categoricalShard, FeatureLayout[] layouts) {}

  private record Announced(String model, String version, long layoutId) {}

  /**
   * @param shards feature shards per model version, >= 1
   */
  public AnsweredFeatureRows(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, was " + shards);
    }
    this.shards = shards;
  }

  @Override
  public void flatMap(PredictionEvent event, Collector<FeatureRow> out) {
    if (event.getStatus() != PredictionStatus.OK) {
      return;
    }
    if (plans == null || plans.size() > MAX_LAYOUTS || announced.size() > MAX_LAYOUTS) {
      plans = new HashMap<>();
      announced = new HashSet<>();
    }
    Map<String, Double> numeric = event.getNumericFeatures();
    Map<String, String> categorical = event.getCategoricalFeatures();
    long id = layoutId(numeric, categorical);
    LayoutPlan plan = plans.computeIfAbsent(id, i -> plan(i, numeric, categorical));
    boolean withNames = announced.add(new Announced(event.getModel(), event.getVersion(), id));
    for (int shard = 0; shard < shards; shard++) {
      FeatureLayout layout = plan.layouts[shard];
      double[] values = new double[layout.numeric().length];
      boolean[] missing = null;
      int i = 0;
      int j = 0;
      for (Double value : numeric.values()) {
        if (plan.numericShard[i++] == shard) {
          if (value == null) {
            missing = missing == null ? new boolean[values.length] : missing;
            missing[j] = true;
            values[j++] = Double.NaN;
          } else {
            values[j++] = value;
          }
        }
      }
      String[] categories = new String[layout.categorical().length];
      i = 0;
      j = 0;
      for (String value : categorical.values()) {
        if (plan.categoricalShard[i++] == shard) {
          categories[j++] = value;
        }
      }
      out.collect(
          new FeatureRow(
              event.getModel(),
              event.getVersion(),
              shard,
              id,
              withNames ? layout : null,
              values,
              missing,
              categories,
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

  private LayoutPlan plan(long id, Map<String, Double> numeric, Map<String, String> categorical) {
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
    return new LayoutPlan(numericShard, categoricalShard, layouts);
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
