package io.driftwatch.flink.serving;

import io.driftwatch.schemas.PredictionEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Wires the serving metrics: predictions projected to {@link ServingObservation}s (chained to the
 * source, so only those cross the network), keyed by (model, version, variant) into tumbling
 * event-time windows, one {@link ServingWindow} per key and window. Expects timestamps and
 * watermarks to be assigned already (at the source).
 */
public final class ServingMetricsJob {

  /** Operator uid of the window operator; keep it stable so savepoints stay restorable. */
  public static final String WINDOW_UID = "serving-window";

  public static final String PROJECTION_UID = "serving-observations";

  private ServingMetricsJob() {}

  public static DataStream<ServingWindow> buildTopology(
      DataStream<PredictionEvent> predictions, ServingJobConfig config) {
    return predictions
        .map(ServingObservation::of, TypeInformation.of(ServingObservation.class))
        .name("serving-observations")
        .uid(PROJECTION_UID)
        .keyBy(ServingObservation::key, TypeInformation.of(ServingKey.class))
        .window(TumblingEventTimeWindows.of(config.window()))
        .aggregate(new ServingStatsAggregate(), new EmitServingWindow())
        .name("serving-metrics")
        .uid(WINDOW_UID);
  }
}
