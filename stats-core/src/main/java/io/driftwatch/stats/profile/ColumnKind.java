package io.driftwatch.stats.profile;

/** Type of a profiled column, deciding its sketch and the drift methods that apply. */
public enum ColumnKind {
  /** Real-valued: a {@link NumericSketch} (KLL quantiles). */
  NUMERIC,
  /** Labels: a {@link CategoricalSketch} (category frequencies). */
  CATEGORICAL
}
