package io.driftwatch.stats.drift;

import io.driftwatch.stats.profile.BinCounts;
import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.ColumnKind;
import io.driftwatch.stats.profile.ColumnReference;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link DriftMethod} judges each column, with which thresholds, and how many live values a
 * window needs before it is judged at all.
 *
 * <p>Defaults ({@link #defaults()}): KS for numeric columns (distribution-free, scale-free, with a
 * p-value for the model-level correction), CHI2 for categorical ones (the standard homogeneity
 * test, with a p-value), {@link DriftThresholds#defaults()}, minSamples 30 (below that neither
 * asymptotic p-value is trustworthy) and datasetAlpha 0.05 for {@link DatasetDrift}.
 *
 * <p>Immutable and {@link Serializable} (it travels inside Flink operators); overrides are checked
 * against a column's kind when the column is judged, since the policy does not know the columns.
 *
 * @param numericDefault method for numeric columns without override; must apply to NUMERIC
 * @param categoricalDefault method for categorical columns without override; must apply to
 *     CATEGORICAL
 * @param overrides method per column name
 * @param thresholds when each method calls a column drifted
 * @param minSamples valid live values a window needs to be judged, at least 1
 * @param datasetAlpha family-wise significance level of the model-level decision, in (0, 0.5]
 */
public record DriftPolicy(
    DriftMethod numericDefault,
    DriftMethod categoricalDefault,
    Map<String, DriftMethod> overrides,
    DriftThresholds thresholds,
    int minSamples,
    double datasetAlpha)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Default {@link #minSamples()}. */
  public static final int DEFAULT_MIN_SAMPLES = 30;

  /** Default {@link #datasetAlpha()}. */
  public static final double DEFAULT_DATASET_ALPHA = 0.05;

  /** p-values are clamped to at least this before the CHI2 score takes their logarithm. */
  static final double MIN_P_VALUE = 1e-300;

  public DriftPolicy {
    Objects.requireNonNull(numericDefault, "numericDefault");
    Objects.requireNonNull(categoricalDefault, "categoricalDefault");
    Objects.requireNonNull(overrides, "overrides");
    Objects.requireNonNull(thresholds, "thresholds");
    if (!numericDefault.appliesTo(ColumnKind.NUMERIC)) {
      throw new IllegalArgumentException(
          "numericDefault " + numericDefault + " does not apply to numeric columns");
    }
    if (!categoricalDefault.appliesTo(ColumnKind.CATEGORICAL)) {
      throw new IllegalArgumentException(
          "categoricalDefault " + categoricalDefault + " does not apply to categorical columns");
    }
    overrides.forEach(
        (column, method) -> {
          Objects.requireNonNull(column, "overrides: column");
          Objects.requireNonNull(method, "overrides: method of column '" + column + "'");
        });
    overrides = Map.copyOf(overrides);
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be >= 1, was " + minSamples);
    }
    if (!(datasetAlpha > 0 && datasetAlpha <= 0.5)) {
      throw new IllegalArgumentException("datasetAlpha must be in (0, 0.5], was " + datasetAlpha);
    }
  }

  /** KS / CHI2, no overrides, default thresholds, minSamples 30, datasetAlpha 0.05. */
  public static DriftPolicy defaults() {
    return new DriftPolicy(
        DriftMethod.KS,
        DriftMethod.CHI2,
        Map.of(),
        DriftThresholds.defaults(),
        DEFAULT_MIN_SAMPLES,
        DEFAULT_DATASET_ALPHA);
  }

  /** This policy with {@code column} judged by {@code method}. */
  public DriftPolicy withOverride(String column, DriftMethod method) {
    Map<String, DriftMethod> updated = new HashMap<>(overrides);
    updated.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(method, "method"));
    return new DriftPolicy(
        numericDefault, categoricalDefault, updated, thresholds, minSamples, datasetAlpha);
  }

  /** This policy with other thresholds. */
  public DriftPolicy withThresholds(DriftThresholds thresholds) {
    return new DriftPolicy(
        numericDefault, categoricalDefault, overrides, thresholds, minSamples, datasetAlpha);
  }

  /** This policy with another minimum window size. */
  public DriftPolicy withMinSamples(int minSamples) {
    return new DriftPolicy(
        numericDefault, categoricalDefault, overrides, thresholds, minSamples, datasetAlpha);
  }

  /**
   * The method judging {@code column}: its override, else the default for its kind.
   *
   * @throws IllegalArgumentException if the column's override does not apply to {@code kind}
   */
  public DriftMethod methodFor(String column, ColumnKind kind) {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(kind, "kind");
    DriftMethod override = overrides.get(column);
    if (override == null) {
      return kind == ColumnKind.NUMERIC ? numericDefault : categoricalDefault;
    }
    if (!override.appliesTo(kind)) {
      throw new IllegalArgumentException(
          "override for column '"
              + column
              + "' is "
              + override
              + ", which does not apply to "
              + kind
              + " columns");
    }
    return override;
  }

  /**
   * Judges a numeric column's live window.
   *
   * @param reference the column's reference; must be a {@link NumericReference}
   * @throws IllegalArgumentException if the reference is categorical or the column's override does
   *     not apply to numeric columns
   */
  public FeatureDrift evaluate(ColumnReference reference, NumericSketch live) {
    return evaluate(reference, live, null);
  }

  /**
   * Judges a numeric column's live window with exact live bin counts for PSI and JS (see {@link
   * NumericDrift#compare(NumericReference, NumericSketch, BinCounts, double)}).
   *
   * @param liveBins the window's exact bin counts, or null to estimate them from the sketch
   * @throws IllegalArgumentException as {@link #evaluate(ColumnReference, NumericSketch)}
   */
  public FeatureDrift evaluate(ColumnReference reference, NumericSketch live, BinCounts liveBins) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(live, "live");
    if (!(reference instanceof NumericReference numeric)) {
      throw new IllegalArgumentException(
          "column '" + reference.name() + "' is " + reference.kind() + ", got a numeric window");
    }
    DriftMethod method = methodFor(reference.name(), ColumnKind.NUMERIC);
    if (live.valid() < minSamples || numeric.valid() == 0) {
      return FeatureDrift.notEvaluated(reference.name(), ColumnKind.NUMERIC, method, live.valid());
    }
    NumericDrift drift = NumericDrift.compare(numeric, live, liveBins, thresholds.ksAlpha());
    double statistic =
        switch (method) {
          case KS -> drift.ks();
          case PSI -> drift.psi();
          case JS -> drift.js();
          case WASSERSTEIN -> drift.wassersteinNormalized();
          case CHI2, LINF -> throw new AssertionError(method + " checked by methodFor");
        };
    double threshold =
        method == DriftMethod.KS ? drift.ksThreshold() : thresholds.distanceThreshold(method);
    double pValue = method == DriftMethod.KS ? drift.ksPValue() : Double.NaN;
    return new FeatureDrift(
        reference.name(),
        ColumnKind.NUMERIC,
        method,
        true,
        statistic > threshold,
        statistic / threshold,
        pValue,
        drift.n(),
        drift,
        null);
  }

  /**
   * Judges a categorical column's live window.
   *
   * @param reference the column's reference; must be a {@link CategoricalReference}
   * @throws IllegalArgumentException if the reference is numeric or the column's override does not
   *     apply to categorical columns
   */
  public FeatureDrift evaluate(ColumnReference reference, CategoricalSketch live) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(live, "live");
    if (!(reference instanceof CategoricalReference categorical)) {
      throw new IllegalArgumentException(
          "column '"
              + reference.name()
              + "' is "
              + reference.kind()
              + ", got a categorical window");
    }
    DriftMethod method = methodFor(reference.name(), ColumnKind.CATEGORICAL);
    if (live.valid() < minSamples || categorical.valid() == 0) {
      return FeatureDrift.notEvaluated(
          reference.name(), ColumnKind.CATEGORICAL, method, live.valid());
    }
    CategoricalDrift drift = CategoricalDrift.compare(categorical, live);
    if (method == DriftMethod.CHI2) {
      double p = drift.chi2PValue();
      double score =
          Math.max(0, Math.log(Math.max(MIN_P_VALUE, p)) / Math.log(thresholds.chi2Alpha()));
      return new FeatureDrift(
          reference.name(),
          ColumnKind.CATEGORICAL,
          method,
          true,
          p < thresholds.chi2Alpha(),
          score,
          p,
          drift.n(),
          null,
          drift);
    }
    double statistic =
        switch (method) {
          case LINF -> drift.linf();
          case PSI -> drift.psi();
          case JS -> drift.js();
          case KS, WASSERSTEIN, CHI2 -> throw new AssertionError(method + " checked by methodFor");
        };
    double threshold = thresholds.distanceThreshold(method);
    return new FeatureDrift(
        reference.name(),
        ColumnKind.CATEGORICAL,
        method,
        true,
        statistic > threshold,
        statistic / threshold,
        Double.NaN,
        drift.n(),
        null,
        drift);
  }
}
