package io.driftwatch.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * KS on features with many tied values (rain: 0 on about half the days), where DataSketches' {@code
 * computeKSDelta} pairs the k-th retained copy of a value in one sketch with the k-th in the other.
 */
class NumericDriftTiesTest {

  @Test
  void ksOfASampleFromTheSameDiscreteDistributionIsTheExactStatisticNotATieArtifact() {
    Random random = new Random(3);
    double[] reference = discrete(random, 5_000);
    double[] live = new double[300];
    for (int i = 0; i < live.length; i++) {
      live[i] = reference[random.nextInt(reference.length)];
    }

    NumericDrift drift =
        NumericDrift.compare(NumericReference.of("rain", sketch(reference)), sketch(live), 0.05);

    assertThat(drift.ks()).isCloseTo(exactKs(reference, live), within(0.03));
    assertThat(drift.ks()).isLessThan(drift.ksThreshold());
  }

  @Test
  void ksOfIdenticalDiscreteDataIsZero() {
    double[] values = discrete(new Random(4), 150);

    NumericDrift drift =
        NumericDrift.compare(NumericReference.of("rain", sketch(values)), sketch(values), 0.05);

    assertThat(drift.ks()).isZero();
  }

  /** Half zeros, the rest rounded to 0.1 mm from an exponential, like daily precipitation. */
  private static double[] discrete(Random random, int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] =
          random.nextBoolean() ? 0.0 : Math.round(-Math.log(random.nextDouble()) * 40) / 10.0;
    }
    return values;
  }

  private static NumericSketch sketch(double[] values) {
    NumericSketch sketch = NumericSketch.empty();
    for (double v : values) {
      sketch.update(v);
    }
    return sketch;
  }

  /** sup |F₁ − F₂| over all values, on the raw samples. */
  private static double exactKs(double[] a, double[] b) {
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    double d = 0;
    for (double point : concat(x, y)) {
      d = Math.max(d, Math.abs(cdf(x, point) - cdf(y, point)));
    }
    return d;
  }

  private static double cdf(double[] sorted, double point) {
    int i = 0;
    while (i < sorted.length && sorted[i] <= point) {
      i++;
    }
    return i / (double) sorted.length;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
