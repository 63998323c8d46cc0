package io.driftwatch.stats.drift;

import io.driftwatch.stats.profile.ColumnKind;
import java.util.Objects;

/**
 * The drift verdict on one column (feature or model output) for one live window, made by a {@link
 * DriftPolicy}.
 *
 * <p>{@code score} puts every method on one scale, drifted iff score &gt; 1 (score exactly 1 is the
 * boundary and counts as not drifted):
 *
 * <ul>
 *   <li>KS: ks / ksThreshold;
 *   <li>PSI, JS, LINF: statistic / threshold;
 *   <li>WASSERSTEIN: wassersteinNormalized / threshold;
 *   <li>CHI2: ln(p) / ln(chi2Alpha), with p clamped to at least 10⁻³⁰⁰ so the score stays finite
 *       (at most 230.6 at α = 0.05); 0 when p = 1, 1 when p = α.
 * </ul>
 *
 * @param column column name
 * @param kind column kind
 * @param method the method that judged the column
 * @param evaluated false when the window had fewer valid values than the policy's minSamples (or
 *     the reference had none); then drifted is false, score and pValue NaN and both statistics null
 * @param drifted whether the method's threshold was exceeded
 * @param score statistic relative to its threshold, ≥ 0, NaN when not evaluated
 * @param pValue the method's p-value (KS: {@link NumericDrift#ksPValue()}, CHI2: {@link
 *     CategoricalDrift#chi2PValue()}); NaN for methods without one or when not evaluated
 * @param n valid live values in the window
 * @param numeric all numeric statistics, or null for categorical or unevaluated columns
 * @param categorical all categorical statistics, or null for numeric or unevaluated columns
 */
public record FeatureDrift(
    String column,
    ColumnKind kind,
    DriftMethod method,
    boolean evaluated,
    boolean drifted,
    double score,
    double pValue,
    long n,
    NumericDrift numeric,
    CategoricalDrift categorical) {

  public FeatureDrift {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(method, "method");
    if (!evaluated && drifted) {
      throw new IllegalArgumentException("column '" + column + "' drifted but not evaluated");
    }
    if (evaluated && method.hasPValue() && !(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException(
          "column '" + column + "': " + method + " p-value must be in [0, 1], was " + pValue);
    }
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
  }

  /** A column the policy skipped: too few live values (or an empty reference). */
  public static FeatureDrift notEvaluated(
      String column, ColumnKind kind, DriftMethod method, long n) {
    return new FeatureDrift(
        column, kind, method, false, false, Double.NaN, Double.NaN, n, null, null);
  }
}
