package io.driftwatch.stats.drift;

import java.io.Serializable;

/**
 * When each {@link DriftMethod} calls a column drifted. Defaults ({@link #defaults()}) follow
 * common practice (Evidently, NannyML, the PSI rule of thumb) and were checked with the drift
 * accuracy benchmark (benchmarks module, {@code DriftAccuracyBenchmark}): on 20 stationary features
 * against a 10⁵-row reference none of the distance thresholds flagged a window of 10⁴ rows. With
 * windows of 10³ rows sampling noise alone exceeds wasserstein 0.1 in about 2% of feature-windows
 * (about 0.2 suits such windows), and js 0.1 in 30% of the windows of a column with 50 equally
 * likely categories (the JS distance of two samples is biased upwards when each category has only a
 * few rows).
 *
 * @param ksAlpha KS significance level in (0, 0.5], default 0.05: drifted iff the KS distance
 *     exceeds DataSketches' error-aware {@code KolmogorovSmirnov.computeKSThreshold} at this level
 * @param psi PSI above which a column drifted, &gt; 0, default 0.2 (0.1–0.2 "moderate", above 0.2
 *     "significant shift" by the usual rule of thumb)
 * @param js Jensen–Shannon <em>distance</em> (base 2, in [0, 1]) above which a column drifted, in
 *     (0, 1], default 0.1 (as Evidently)
 * @param wasserstein Wasserstein-1 distance divided by the reference's robust scale (IQR / 1.349,
 *     else max − min, else 1) above which a column drifted, &gt; 0, default 0.1 (a tenth of a
 *     standard deviation for normal data, as Evidently)
 * @param chi2Alpha chi-square significance level in (0, 0.5], default 0.05
 * @param linf largest difference of a category's share above which a column drifted, in (0, 1],
 *     default 0.1 (ten percentage points)
 */
public record DriftThresholds(
    double ksAlpha, double psi, double js, double wasserstein, double chi2Alpha, double linf)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public DriftThresholds {
    requireAlpha("ksAlpha", ksAlpha);
    requirePositive("psi", psi);
    requireShare("js", js);
    requirePositive("wasserstein", wasserstein);
    requireAlpha("chi2Alpha", chi2Alpha);
    requireShare("linf", linf);
  }

  /** ksAlpha 0.05, psi 0.2, js 0.1, wasserstein 0.1, chi2Alpha 0.05, linf 0.1. */
  public static DriftThresholds defaults() {
    return new DriftThresholds(0.05, 0.2, 0.1, 0.1, 0.05, 0.1);
  }

  /**
   * The threshold of a distance method: psi, js, wasserstein or linf.
   *
   * @throws IllegalArgumentException for KS and CHI2, which decide by significance level
   */
  public double distanceThreshold(DriftMethod method) {
    return switch (method) {
      case PSI -> psi;
      case JS -> js;
      case WASSERSTEIN -> wasserstein;
      case LINF -> linf;
      case KS, CHI2 ->
          throw new IllegalArgumentException(method + " decides by significance level");
    };
  }

  private static void requireAlpha(String name, double value) {
    if (!(value > 0 && value <= 0.5)) {
      throw new IllegalArgumentException(name + " must be in (0, 0.5], was " + value);
    }
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be finite and > 0, was " + value);
    }
  }

  private static void requireShare(String name, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
    }
  }
}
