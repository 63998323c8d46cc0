package io.driftwatch.flink.drift;

import io.driftwatch.schemas.PredictionEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Emits the {@link FeatureRow} of every answered prediction and nothing for refused ones. */
public final class AnsweredFeatureRows implements FlatMapFunction<PredictionEvent, FeatureRow> {

  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(PredictionEvent event, Collector<FeatureRow> out) {
    FeatureRow row = FeatureRow.of(event);
    if (row != null) {
      out.collect(row);
    }
  }
}
