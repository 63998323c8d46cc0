package io.driftwatch.stats.drift;

import io.driftwatch.stats.profile.ColumnKind;
import java.util.Objects;

/**
 * How a column's live window is judged against its reference. Thresholds and defaults are in {@link
 * DriftThresholds}; the statistics themselves in {@link NumericDrift} and {@link CategoricalDrift}.
 *
 * <p>PSI and JS apply to both kinds: numeric columns use the reference's fixed quantile bins,
 * categorical columns one bin per category (the union of reference and live categories).
 */
public enum DriftMethod {
  /** Two-sample Kolmogorov–Smirnov distance; numeric; has a p-value. */
  KS,
  /** Population stability index; numeric (quantile bins) and categorical (category bins). */
  PSI,
  /** Jensen–Shannon distance, base 2, in [0, 1]; numeric and categorical. */
  JS,
  /** Wasserstein-1 distance divided by the reference's robust scale; numeric. */
  WASSERSTEIN,
  /** Chi-square homogeneity test of category counts; categorical; has a p-value. */
  CHI2,
  /** Largest difference of a category's share (L∞ distance); categorical. */
  LINF;

  /** Whether this method can judge a column of {@code kind}. */
  public boolean appliesTo(ColumnKind kind) {
    Objects.requireNonNull(kind, "kind");
    return switch (this) {
      case KS, WASSERSTEIN -> kind == ColumnKind.NUMERIC;
      case CHI2, LINF -> kind == ColumnKind.CATEGORICAL;
      case PSI, JS -> true;
    };
  }

  /** Whether the method yields a p-value (KS and CHI2); the others compare a distance. */
  public boolean hasPValue() {
    return this == KS || this == CHI2;
  }
}
