package io.driftwatch.flink.drift;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.PredictionEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wires feature drift, prediction drift and data quality: answered predictions projected to {@link
 * FeatureRow}s (chained to the source; values without their names), keyed by (model, version,
 * feature shard) into {@link DriftWindows}, which keeps each event-time window's live sketches and
 * exact bin counts, and evaluates and clears a window when the watermark passes its end against the
 * version's reference profile from the broadcast {@code model-events} stream; the shards' votes are
 * keyed by (model, version) into {@link DatasetDecision} for the model-level decision. Expects
 * timestamps and watermarks on the predictions already (at the source).
 *
 * <p>Each event crosses the network once per shard, not once per feature, yet one hot model's
 * features still spread over {@link DriftJobConfig#shards()} parallel subtasks. A feature's window
 * state is one sketch and its bin counts (see {@link LiveProfile} for sizes).
 */
public final class DriftMetricsJob {

  /** Operator uids; keep them stable so savepoints stay restorable. */
  public static final String WINDOWS_UID = "drift-shard-windows";

  public static final String DATASET_UID = "drift-dataset-decision";

  public static final String PROJECTION_UID = "drift-feature-rows";

  private DriftMetricsJob() {}

  public static DataStream<MetricPoint> buildTopology(
      DataStream<PredictionEvent> predictions,
      DataStream<ModelEvent> modelEvents,
      DriftJobConfig config) {
    BroadcastStream<ModelEvent> profiles =
        modelEvents
            .assignTimestampsAndWatermarks(ProfileWatermarks.strategy())
            .name("model-events-watermarks")
            .uid("drift-model-events-watermarks")
            .broadcast(DriftWindows.PROFILES);
    int maxParallelism = maxParallelism(predictions.getExecutionEnvironment());
    SingleOutputStreamOperator<MetricPoint> windows =
        predictions
            .flatMap(
                new AnsweredFeatureRows(config.shards(), maxParallelism),
                TypeInformation.of(FeatureRow.class))
            .name("drift-feature-rows")
            .uid(PROJECTION_UID)
            .keyBy(FeatureRow::key, TypeInformation.of(FeatureShardKey.class))
            .connect(profiles)
            .process(new DriftWindows(config), TypeInformation.of(MetricPoint.class))
            .name("drift-windows")
            .uid(WINDOWS_UID)
            .setMaxParallelism(maxParallelism);
    DataStream<MetricPoint> dataset =
        windows
            .getSideOutput(DriftWindows.VOTES)
            .keyBy(ShardVotes::key, TypeInformation.of(ModelVersionKey.class))
            .process(
                new DatasetDecision(config.policy(), config.maxPending(), config.shards()),
                TypeInformation.of(MetricPoint.class))
            .name("drift-dataset-decision")
            .uid(DATASET_UID);
    return windows.union(dataset);
  }

  /**
   * The drift windows' max parallelism: the job's if set, else what Flink would derive from the
   * job's parallelism. Set on the operator explicitly so that the shard ids chosen at the source
   * ({@link FeatureShardKey#spreadIds}) are computed for the key groups the operator really has.
   */
  static int maxParallelism(StreamExecutionEnvironment env) {
    int configured = env.getMaxParallelism();
    return configured > 0
        ? configured
        : KeyGroupRangeAssignment.computeDefaultMaxParallelism(env.getParallelism());
  }
}
