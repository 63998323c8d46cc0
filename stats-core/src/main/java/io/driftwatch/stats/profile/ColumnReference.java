package io.driftwatch.stats.profile;

/** One column of a reference profile: an input feature or a model output. Immutable. */
public sealed interface ColumnReference permits NumericReference, CategoricalReference {

  /** Column name, unique among a profile's features (and among its outputs). */
  String name();

  ColumnKind kind();

  /** Rows in the reference, including missing and invalid ones. */
  long count();

  /** Reference rows where the column was absent or null. */
  long missing();

  /** Reference rows with a usable value (a finite number or a category). */
  long valid();

  /** {@code missing() / count()} in [0, 1]; 0 when {@code count()} is 0. */
  default double missingRate() {
    long count = count();
    return count == 0 ? 0 : (double) missing() / count;
  }
}
