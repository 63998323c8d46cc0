package io.driftwatch.flink.serving;

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

  /** Records one prediction: its latency and whether it failed. */
  public void add(ServingObservation observation) {
    stats.record(observation.latencyMicros() / MICROS_PER_MILLI, observation.error());
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
