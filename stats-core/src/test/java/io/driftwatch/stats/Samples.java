package io.driftwatch.stats;

import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.NumericSketch;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded raw samples and the sketches of them, so tests can compare sketch results to exact ones.
 */
public final class Samples {

  private Samples() {}

  /** n draws from N(mean, 1), seeded. */
  public static double[] normal(long seed, int n, double mean) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + random.nextGaussian();
    }
    return values;
  }

  /** n draws from U(low, low + 1), seeded. */
  public static double[] uniform(long seed, int n, double low) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = low + random.nextDouble();
    }
    return values;
  }

  /** 1, 2, …, n. */
  public static double[] oneTo(int n) {
    double[] values = new double[n];
    Arrays.setAll(values, i -> i + 1);
    return values;
  }

  public static NumericSketch sketchOf(double... values) {
    NumericSketch sketch = NumericSketch.empty();
    for (double value : values) {
      sketch.update(value);
    }
    return sketch;
  }

  /** A sketch with {@code count} rows of each category, given as alternating name and count. */
  public static CategoricalSketch categories(Object... nameThenCount) {
    CategoricalSketch sketch = CategoricalSketch.empty();
    for (int i = 0; i < nameThenCount.length; i += 2) {
      String name = (String) nameThenCount[i];
      int count = (Integer) nameThenCount[i + 1];
      for (int j = 0; j < count; j++) {
        sketch.update(name);
      }
    }
    return sketch;
  }
}
