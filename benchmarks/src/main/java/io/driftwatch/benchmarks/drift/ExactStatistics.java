package io.driftwatch.benchmarks.drift;

import java.util.Arrays;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Drift statistics computed exactly on raw values, the yardstick for the sketch-based ones: the
 * exact two-sample KS statistic (Commons Math, ties handled) and PSI on exact reference deciles
 * with exact bin counts and the same ε = 10⁻⁴ smoothing as stats-core.
 */
final class ExactStatistics {

  private static final double SMOOTHING = 1e-4;
  private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();

  private ExactStatistics() {}

  static double ks(double[] reference, double[] live) {
    return KS.kolmogorovSmirnovStatistic(reference, live);
  }

  /**
   * Distinct exact reference quantiles at i / bins (inclusive: sorted[⌈q·n⌉ − 1]), duplicates
   * dropped by value ({@code >}, so −0.0 and 0.0 are one edge, as they are one number).
   */
  static double[] edges(double[] reference, int bins) {
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    double[] edges = new double[bins - 1];
    int count = 0;
    for (int i = 1; i < bins; i++) {
      double edge = sorted[(int) Math.ceil((double) i / bins * sorted.length) - 1];
      if (count == 0 || edge > edges[count - 1]) {
        edges[count++] = edge;
      }
    }
    return Arrays.copyOf(edges, count);
  }

  /** Share of values in (−∞, e₀], (e₀, e₁], …, (e_last, +∞). */
  static double[] shares(double[] values, double[] edges) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] shares = new double[edges.length + 1];
    int previous = 0;
    for (int i = 0; i <= edges.length; i++) {
      int atOrBelow = i < edges.length ? upperBound(sorted, edges[i]) : sorted.length;
      shares[i] = (double) (atOrBelow - previous) / sorted.length;
      previous = atOrBelow;
    }
    return shares;
  }

  static double psi(double[] reference, double[] live, double[] edges) {
    double[] p = shares(reference, edges);
    double[] q = shares(live, edges);
    double norm = 1 + p.length * SMOOTHING;
    double psi = 0;
    for (int i = 0; i < p.length; i++) {
      double ps = (p[i] + SMOOTHING) / norm;
      double qs = (q[i] + SMOOTHING) / norm;
      psi += (qs - ps) * Math.log(qs / ps);
    }
    return psi;
  }

  /** Number of sorted values ≤ x. */
  private static int upperBound(double[] sorted, double x) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= x) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
