package io.driftwatch.flink.serving;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds the predictions of one window into a {@link ServingAccumulator}; Flink keeps one
 * accumulator per key and window and clears it when the window fires.
 */
public final class ServingStatsAggregate
    implements AggregateFunction<ServingObservation, ServingAccumulator, ServingAccumulator> {

  private static final long serialVersionUID = 1L;

  @Override
  public ServingAccumulator createAccumulator() {
    return ServingAccumulator.empty();
  }

  @Override
  public ServingAccumulator add(ServingObservation observation, ServingAccumulator accumulator) {
    accumulator.add(observation);
    return accumulator;
  }

  @Override
  public ServingAccumulator getResult(ServingAccumulator accumulator) {
    return accumulator;
  }

  @Override
  public ServingAccumulator merge(ServingAccumulator a, ServingAccumulator b) {
    a.merge(b);
    return a;
  }
}
