package io.driftwatch.benchmarks.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * A throughput ratio taken within each round, where its two targets ran minutes apart at most, and
 * summarised over the rounds: the median, which one disturbed round cannot move, and the range,
 * which shows how much the machine moved it. A ratio of two best rounds could instead pair a
 * numerator from a fast period of a shared VM with a denominator from a slow one.
 *
 * @param perRound the ratio in each round that measured both targets, in round order
 */
record PairedRatio(List<Double> perRound) {

  PairedRatio {
    if (perRound.isEmpty()) {
      throw new IllegalArgumentException("a ratio needs at least one round");
    }
    perRound = List.copyOf(perRound);
  }

  /**
   * The throughput ratio {@code numerator / denominator} of each round, from points measured {@code
   * rounds.get(r)} in round {@code r}; empty when no round measured both.
   */
  static Optional<PairedRatio> of(
      List<List<LoadPoint>> rounds, String numerator, String denominator, int concurrency) {
    return of(rounds, numerator, denominator, concurrency, LoadPoint::throughput);
  }

  /** As {@link #of(List, String, String, int)}, of {@code metric} instead of throughput. */
  static Optional<PairedRatio> of(
      List<List<LoadPoint>> rounds,
      String numerator,
      String denominator,
      int concurrency,
      ToDoubleFunction<LoadPoint> metric) {
    List<Double> ratios = new ArrayList<>();
    for (List<LoadPoint> round : rounds) {
      Optional<LoadPoint> top = LoadPoint.find(round, numerator, concurrency);
      Optional<LoadPoint> bottom = LoadPoint.find(round, denominator, concurrency);
      if (top.isPresent() && bottom.isPresent()) {
        ratios.add(metric.applyAsDouble(top.get()) / metric.applyAsDouble(bottom.get()));
      }
    }
    return ratios.isEmpty() ? Optional.empty() : Optional.of(new PairedRatio(ratios));
  }

  double median() {
    return statistics().getPercentile(50);
  }

  double min() {
    return statistics().getMin();
  }

  double max() {
    return statistics().getMax();
  }

  private DescriptiveStatistics statistics() {
    return new DescriptiveStatistics(perRound.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
