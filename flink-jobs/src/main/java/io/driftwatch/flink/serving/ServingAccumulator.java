package io.driftwatch.flink.serving;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.stats.serving.ServingStats;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Window state of the serving metrics: {@link ServingStats} of the events seen so far. Flink stores
 * it with {@link ServingAccumulatorSerializer}, which writes the statistics' own binary form.
 * Mutable and not thread-safe, like all Flink state values.
 */
@TypeInfo(ServingAccumulatorTypeInfoFactory.class)
public final class ServingAccumulator {

  private static final double MICROS_PER_MILLI = 1000.0;

  private final ServingStats stats;

  ServingAccumulator(ServingStats stats) {
    this.stats = stats;
  }

  public static ServingAccumulator empty() {
    return new ServingAccumulator(ServingStats.empty());
  }

  /** Records one prediction: an error when its status is not OK, latency from latency_micros. */
  public void add(PredictionEvent event) {
    stats.record(
        event.getLatencyMicros() / MICROS_PER_MILLI, event.getStatus() != PredictionStatus.OK);
  }

  public void merge(ServingAccumulator other) {
    stats.merge(other.stats);
  }

  /** The live statistics (not a copy). */
  public ServingStats stats() {
    return stats;
  }

  @Override
  public String toString() {
    return "ServingAccumulator[" + stats + "]";
  }
}
