package io.driftwatch.flink.quality;

import io.driftwatch.flink.drift.ModelVersionKey;
import io.driftwatch.flink.metrics.MetricPoint;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Emits one {@code label_join} point per model version and window; keeps no state of its own. */
public final class EmitJoinCounts
    extends ProcessWindowFunction<JoinOutcome, MetricPoint, ModelVersionKey, TimeWindow> {

  private static final long serialVersionUID = 1L;

  @Override
  public void process(
      ModelVersionKey key,
      Context context,
      Iterable<JoinOutcome> sums,
      Collector<MetricPoint> out) {
    for (JoinOutcome sum : sums) {
      out.collect(QualityPoints.labelJoin(sum, context.window().getEnd()));
    }
  }
}
