package io.driftwatch.stats.drift;

/**
 * PSI and Jensen–Shannon distance between two binned distributions (shares per bin, each summing to
 * 1). Neither Commons Math nor DataSketches provides them.
 */
final class BinnedDivergence {

  /**
   * Added to every share before PSI takes logarithms, then the shares are renormalized: p' = (p +
   * ε) / (1 + Bε) for B bins. An empty bin thus counts as 10⁻⁴, so one bin going from 0 to 10% adds
   * about 0.1 · ln(1000) ≈ 0.69 to PSI instead of infinity.
   */
  static final double PSI_SMOOTHING = 1e-4;

  private static final double LN_2 = Math.log(2);

  private BinnedDivergence() {}

  /** PSI = Σ (live − ref) · ln(live / ref) over smoothed shares; 0 for identical shares, ≥ 0. */
  static double psi(double[] reference, double[] live) {
    double[] ref = smoothed(reference);
    double[] cur = smoothed(live);
    double psi = 0;
    for (int i = 0; i < ref.length; i++) {
      psi += (cur[i] - ref[i]) * Math.log(cur[i] / ref[i]);
    }
    return Math.max(0, psi);
  }

  /**
   * Jensen–Shannon distance: the square root of the JS divergence with base-2 logarithms, in [0,
   * 1]; on the raw shares (0 · log 0 = 0, no smoothing needed since the mixture is never 0 where a
   * share is positive).
   */
  static double jsDistance(double[] reference, double[] live) {
    double divergence = 0;
    for (int i = 0; i < reference.length; i++) {
      double mixture = (reference[i] + live[i]) / 2;
      divergence += half(reference[i], mixture) + half(live[i], mixture);
    }
    return Math.sqrt(Math.min(1, Math.max(0, divergence)));
  }

  private static double half(double share, double mixture) {
    return share > 0 ? 0.5 * share * Math.log(share / mixture) / LN_2 : 0;
  }

  private static double[] smoothed(double[] shares) {
    double norm = 1 + shares.length * PSI_SMOOTHING;
    double[] smoothed = new double[shares.length];
    for (int i = 0; i < shares.length; i++) {
      smoothed[i] = (shares[i] + PSI_SMOOTHING) / norm;
    }
    return smoothed;
  }

  /** Shares of counts over their sum; all 0 when the sum is 0. */
  static double[] shares(long[] counts) {
    double total = 0;
    for (long count : counts) {
      total += count;
    }
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length && total > 0; i++) {
      shares[i] = counts[i] / total;
    }
    return shares;
  }
}
