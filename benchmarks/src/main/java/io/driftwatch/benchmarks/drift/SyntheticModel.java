package io.driftwatch.benchmarks.drift;

import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.drift.FeatureDrift;
import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.ColumnReference;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** The benchmark's synthetic model: 20 stationary feature columns with seeded value streams. */
final class SyntheticModel {

  /** One feature: numeric (a distribution) or categorical, with a share of missing rows. */
  record Column(
      String name, SyntheticFeature numeric, SyntheticCategory categorical, double missingShare) {
    static Column numeric(String name, SyntheticFeature feature, double missingShare) {
      return new Column(name, feature, null, missingShare);
    }

    static Column categorical(String name, SyntheticCategory category) {
      return new Column(name, null, category, 0);
    }

    boolean isNumeric() {
      return numeric != null;
    }

    String label() {
      String label = isNumeric() ? numeric.label() : categorical.label();
      return missingShare > 0
          ? label + String.format(", %.0f%% missing", 100 * missingShare)
          : label;
    }
  }

  private final List<Column> columns;

  private SyntheticModel(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  /** 20 numeric features: 9 normal (one 5% missing), skewed, discrete and heavy-tailed ones. */
  static SyntheticModel numericFeatures() {
    List<Column> columns = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      columns.add(Column.numeric(String.format("f%02d", i), SyntheticFeature.NORMAL, 0));
    }
    columns.add(Column.numeric("f09", SyntheticFeature.NORMAL, 0.05));
    columns.add(Column.numeric("f10", SyntheticFeature.LOGNORMAL, 0));
    columns.add(Column.numeric("f11", SyntheticFeature.LOGNORMAL, 0));
    columns.add(Column.numeric("f12", SyntheticFeature.EXPONENTIAL, 0));
    columns.add(Column.numeric("f13", SyntheticFeature.EXPONENTIAL, 0));
    columns.add(Column.numeric("f14", SyntheticFeature.GAMMA, 0));
    columns.add(Column.numeric("f15", SyntheticFeature.POISSON, 0));
    columns.add(Column.numeric("f16", SyntheticFeature.POISSON, 0));
    columns.add(Column.numeric("f17", SyntheticFeature.ZERO_INFLATED, 0));
    columns.add(Column.numeric("f18", SyntheticFeature.UNIFORM, 0));
    columns.add(Column.numeric("f19", SyntheticFeature.LAPLACE, 0));
    columns.add(Column.numeric("f20", SyntheticFeature.ROUNDED, 0));
    return new SyntheticModel(columns);
  }

  /** The first 16 numeric features and 4 categorical ones (3 to 500 categories). */
  static SyntheticModel mixedFeatures() {
    List<Column> columns = new ArrayList<>(numericFeatures().columns.subList(0, 16));
    columns.add(Column.categorical("c17", SyntheticCategory.THREE));
    columns.add(Column.categorical("c18", SyntheticCategory.ZIPF_10));
    columns.add(Column.categorical("c19", SyntheticCategory.UNIFORM_50));
    columns.add(Column.categorical("c20", SyntheticCategory.ZIPF_500));
    return new SyntheticModel(columns);
  }

  List<Column> columns() {
    return columns;
  }

  /**
   * Seeded value streams of every column; {@link Rows#reference} and {@link Rows#window} draw from
   * them.
   */
  Rows rows(long seed) {
    return new Rows(seed);
  }

  /** Evaluates one window's sketches (as {@link Rows#window} returns them) column by column. */
  List<FeatureDrift> evaluate(
      DriftPolicy policy, List<ColumnReference> reference, List<Object> window) {
    List<FeatureDrift> drifts = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      drifts.add(
          window.get(i) instanceof NumericSketch numeric
              ? policy.evaluate(reference.get(i), numeric)
              : policy.evaluate(reference.get(i), (CategoricalSketch) window.get(i)));
    }
    return drifts;
  }

  /** Consecutive rows of every column. */
  final class Rows {
    private final List<DoubleSupplier> numeric = new ArrayList<>();
    private final List<Supplier<String>> categorical = new ArrayList<>();
    private final List<Random> missing = new ArrayList<>();

    private Rows(long seed) {
      for (int i = 0; i < columns.size(); i++) {
        Column column = columns.get(i);
        long columnSeed = seed * 1_000_003L + i;
        numeric.add(column.isNumeric() ? column.numeric().sampler(columnSeed, 0) : null);
        categorical.add(column.isNumeric() ? null : column.categorical().sampler(columnSeed));
        missing.add(new Random(columnSeed ^ 0x5DEECE66DL));
      }
    }

    /** The reference profile's columns from the next {@code rows} rows. */
    List<ColumnReference> reference(int rows) {
      List<Object> sketches = window(rows, -1, 0);
      List<ColumnReference> reference = new ArrayList<>(columns.size());
      for (int i = 0; i < columns.size(); i++) {
        String name = columns.get(i).name();
        reference.add(
            sketches.get(i) instanceof NumericSketch numericSketch
                ? NumericReference.of(name, numericSketch)
                : new CategoricalReference(name, (CategoricalSketch) sketches.get(i)));
      }
      return reference;
    }

    /**
     * Sketches of the next {@code rows} rows, one per column; column {@code shifted} (or none if
     * −1) has {@code shiftInSigmas} of its standard deviation added.
     */
    List<Object> window(int rows, int shifted, double shiftInSigmas) {
      List<Object> sketches = new ArrayList<>(columns.size());
      for (int i = 0; i < columns.size(); i++) {
        Column column = columns.get(i);
        Random missingRandom = missing.get(i);
        if (column.isNumeric()) {
          double shift = i == shifted ? shiftInSigmas * column.numeric().sigma() : 0;
          DoubleSupplier values = numeric.get(i);
          NumericSketch sketch = NumericSketch.empty();
          for (int row = 0; row < rows; row++) {
            double value = values.getAsDouble() + shift;
            sketch.update(missingRandom.nextDouble() < column.missingShare() ? null : value);
          }
          sketches.add(sketch);
        } else {
          Supplier<String> values = categorical.get(i);
          CategoricalSketch sketch = CategoricalSketch.empty();
          for (int row = 0; row < rows; row++) {
            sketch.update(values.get());
          }
          sketches.add(sketch);
        }
      }
      return sketches;
    }
  }
}
