package io.driftwatch.flink.quality;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds the labeled predictions of one window into a {@link QualityAccumulator}; Flink keeps one
 * per key and window and clears it when the window fires.
 */
public final class QualityAggregate
    implements AggregateFunction<LabeledPrediction, QualityAccumulator, QualityAccumulator> {

  private static final long serialVersionUID = 1L;

  @Override
  public QualityAccumulator createAccumulator() {
    return QualityAccumulator.empty();
  }

  @Override
  public QualityAccumulator add(LabeledPrediction value, QualityAccumulator accumulator) {
    accumulator.add(value);
    return accumulator;
  }

  @Override
  public QualityAccumulator getResult(QualityAccumulator accumulator) {
    return accumulator;
  }

  @Override
  public QualityAccumulator merge(QualityAccumulator a, QualityAccumulator b) {
    a.merge(b);
    return a;
  }
}
