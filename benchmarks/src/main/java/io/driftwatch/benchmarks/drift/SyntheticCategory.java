package io.driftwatch.benchmarks.drift;

import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.EnumeratedIntegerDistribution;
import org.apache.commons.math3.random.Well19937c;

/** Distributions of the benchmark's categorical features. */
enum SyntheticCategory {
  THREE("3 categories 60/30/10", new double[] {0.6, 0.3, 0.1}),
  ZIPF_10("10 categories, Zipf", zipf(10)),
  UNIFORM_50("50 categories, uniform", IntStream.range(0, 50).mapToDouble(i -> 1).toArray()),
  ZIPF_500("500 categories, Zipf (estimation mode)", zipf(500));

  private final String label;
  private final double[] weights;

  SyntheticCategory(String label, double[] weights) {
    this.label = label;
    this.weights = weights;
  }

  String label() {
    return label;
  }

  Supplier<String> sampler(long seed) {
    int[] categories = IntStream.range(0, weights.length).toArray();
    EnumeratedIntegerDistribution distribution =
        new EnumeratedIntegerDistribution(new Well19937c(seed), categories, weights);
    return () -> "category-" + distribution.sample();
  }

  private static double[] zipf(int categories) {
    return IntStream.range(0, categories).mapToDouble(i -> 1.0 / (i + 1)).toArray();
  }
}
