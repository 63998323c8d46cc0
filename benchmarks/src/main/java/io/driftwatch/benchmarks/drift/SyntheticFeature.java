package io.driftwatch.benchmarks.drift;

import java.util.function.DoubleSupplier;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.LaplaceDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Distributions of the benchmark's numeric features, each with its population standard deviation.
 */
enum SyntheticFeature {
  NORMAL("N(0,1)", 1),
  LOGNORMAL("lognormal(0,0.5)", Math.sqrt((Math.exp(0.25) - 1) * Math.exp(0.25))),
  EXPONENTIAL("Exp(1)", 1),
  GAMMA("Gamma(2,1)", Math.sqrt(2)),
  POISSON("Poisson(3)", Math.sqrt(3)),
  // 0.6·δ₀ + 0.4·N(2, 1): mean 0.8, E[X²] = 0.4·5 = 2.
  ZERO_INFLATED("60% 0 else N(2,1)", Math.sqrt(2 - 0.64)),
  UNIFORM("U(0,1)", Math.sqrt(1.0 / 12)),
  LAPLACE("Laplace(0,1/√2)", 1),
  // Rounding adds about 1/12 to the variance (Sheppard).
  ROUNDED("round(2·N(0,1))", Math.sqrt(4 + 1.0 / 12));

  private final String label;
  private final double sigma;

  SyntheticFeature(String label, double sigma) {
    this.label = label;
    this.sigma = sigma;
  }

  String label() {
    return label;
  }

  /** Population standard deviation, the unit of the detection benchmark's shifts. */
  double sigma() {
    return sigma;
  }

  /** A seeded source of values shifted by {@code shift}. */
  DoubleSupplier sampler(long seed, double shift) {
    RandomGenerator random = new Well19937c(seed);
    DoubleSupplier base =
        switch (this) {
          case NORMAL -> new NormalDistribution(random, 0, 1)::sample;
          case LOGNORMAL -> new LogNormalDistribution(random, 0, 0.5)::sample;
          case EXPONENTIAL -> new ExponentialDistribution(random, 1)::sample;
          case GAMMA -> new GammaDistribution(random, 2, 1)::sample;
          case POISSON -> {
            PoissonDistribution poisson = new PoissonDistribution(random, 3, 1e-12, 10_000_000);
            yield () -> poisson.sample();
          }
          case ZERO_INFLATED -> {
            NormalDistribution normal = new NormalDistribution(random, 2, 1);
            yield () -> random.nextDouble() < 0.6 ? 0 : normal.sample();
          }
          case UNIFORM -> new UniformRealDistribution(random, 0, 1)::sample;
          case LAPLACE -> new LaplaceDistribution(random, 0, Math.sqrt(0.5))::sample;
          case ROUNDED -> {
            NormalDistribution normal = new NormalDistribution(random, 0, 2);
            yield () -> Math.rint(normal.sample());
          }
        };
    return shift == 0 ? base : () -> base.getAsDouble() + shift;
  }

  double[] sample(long seed, int n, double shift) {
    DoubleSupplier sampler = sampler(seed, shift);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = sampler.getAsDouble();
    }
    return values;
  }
}
