package io.driftwatch.flink.drift;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.stats.drift.DriftPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits a model version's {@value DriftPoints#DATASET_DRIFT} point for a window once the votes of
 * all its feature shards are in, and clears that window's votes then; a window whose other shards
 * never come (one was dropped while waiting for its profile) is dropped, and counted in {@value
 * #DROPPED_METRIC}, once more than {@code maxPending} windows wait. No timers.
 */
public final class DatasetDecision
    extends KeyedProcessFunction<ModelVersionKey, ShardVotes, MetricPoint> {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(DatasetDecision.class);

  public static final String DROPPED_METRIC = "incompleteDatasetVotesDropped";

  /** Dataset-drift votes of the shards seen so far, by window end. */
  static final MapStateDescriptor<Long, DatasetVotes> VOTES =
      new MapStateDescriptor<>("dataset-votes", Types.LONG, TypeInformation.of(DatasetVotes.class));

  private final DriftPolicy policy;
  private final int maxPending;
  private final int shards;

  private transient DriftPoints points;
  private transient MapState<Long, DatasetVotes> votes;
  private transient Counter dropped;

  /**
   * @param policy the dataset-level alpha and methods
   * @param maxPending windows whose decision waits for more shards, >= 1
   * @param shards feature shards per model version, >= 1
   */
  public DatasetDecision(DriftPolicy policy, int maxPending, int shards) {
    this.policy = Objects.requireNonNull(policy, "policy");
    if (maxPending < 1 || shards < 1) {
      throw new IllegalArgumentException("maxPending and shards must be >= 1");
    }
    this.maxPending = maxPending;
    this.shards = shards;
  }

  @Override
  public void open(OpenContext context) {
    points = new DriftPoints(policy);
    votes = getRuntimeContext().getMapState(VOTES);
    dropped = getRuntimeContext().getMetricGroup().counter(DROPPED_METRIC);
  }

  @Override
  public void processElement(ShardVotes shard, Context ctx, Collector<MetricPoint> out)
      throws Exception {
    DatasetVotes collected = votes.get(shard.windowEnd());
    DatasetVotes all = collected == null ? shard.votes() : collected.plus(shard.votes());
    if (all.shards() < shards) {
      votes.put(shard.windowEnd(), all);
      dropOldestBeyondBound();
      return;
    }
    votes.remove(shard.windowEnd());
    out.collect(points.datasetPoint(shard.key(), shard.windowEnd(), all));
  }

  private void dropOldestBeyondBound() throws Exception {
    List<Long> ends = new ArrayList<>();
    votes.keys().forEach(ends::add);
    if (ends.size() <= maxPending) {
      return;
    }
    ends.sort(null);
    for (Long end : ends.subList(0, ends.size() - maxPending)) {
      votes.remove(end);
      dropped.inc();
      LOG.warn("Dropping the incomplete dataset-drift votes of the window ending {}", end);
    }
  }
}
