package io.driftwatch.flink.drift;

import io.driftwatch.schemas.PredictionEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Emits the {@link FeatureRow}s of every answered prediction, one per feature shard, and nothing
 * for refused ones.
 */
public final class AnsweredFeatureRows implements FlatMapFunction<PredictionEvent, FeatureRow> {

  private static final long serialVersionUID = 1L;

  private final int shards;

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
    FeatureRow.split(event, shards).forEach(out::collect);
  }
}
