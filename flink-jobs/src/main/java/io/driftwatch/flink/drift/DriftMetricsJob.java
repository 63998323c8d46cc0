package io.driftwatch.flink.drift;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.PredictionEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Wires feature drift, prediction drift and data quality: answered predictions projected to {@link
 * FeatureRow}s (chained to the source), keyed by (model, version) into event-time windows of live
 * sketches, then compared with the version's reference profile from the broadcast {@code
 * model-events} stream. Expects timestamps and watermarks on the predictions already (at the
 * source).
 *
 * <p>The windows are keyed by (model, version, feature shard): each event crosses the network once
 * per shard, not once per feature, yet one hot model's features still spread over {@link
 * DriftJobConfig#shards()} parallel subtasks. A feature's window state is one sketch (see {@link
 * LiveProfile} for sizes). The evaluator is keyed by (model, version) and sees every shard.
 */
public final class DriftMetricsJob {

  /** Operator uids; keep them stable so savepoints stay restorable. */
  public static final String WINDOW_UID = "drift-window";

  public static final String EVALUATOR_UID = "drift-evaluator";

  public static final String PROJECTION_UID = "drift-feature-rows";

  private DriftMetricsJob() {}

  public static DataStream<MetricPoint> buildTopology(
      DataStream<PredictionEvent> predictions,
      DataStream<ModelEvent> modelEvents,
      DriftJobConfig config) {
    DataStream<LiveWindow> windows =
        predictions
            .flatMap(new AnsweredFeatureRows(config.shards()), TypeInformation.of(FeatureRow.class))
            .name("drift-feature-rows")
            .uid(PROJECTION_UID)
            .keyBy(FeatureRow::key, TypeInformation.of(FeatureShardKey.class))
            .window(assigner(config))
            .aggregate(new LiveProfileAggregate(), new EmitLiveWindow())
            .name("drift-windows")
            .uid(WINDOW_UID);

    BroadcastStream<ModelEvent> profiles = modelEvents.broadcast(DriftEvaluator.PROFILES);
    return windows
        .keyBy(LiveWindow::key, TypeInformation.of(ModelVersionKey.class))
        .connect(profiles)
        .process(
            new DriftEvaluator(config.policy(), config.maxPending(), config.shards()),
            TypeInformation.of(MetricPoint.class))
        .name("drift-evaluator")
        .uid(EVALUATOR_UID);
  }

  private static WindowAssigner<Object, TimeWindow> assigner(DriftJobConfig config) {
    return config.tumbling()
        ? TumblingEventTimeWindows.of(config.window())
        : SlidingEventTimeWindows.of(config.window(), config.slide());
  }
}
