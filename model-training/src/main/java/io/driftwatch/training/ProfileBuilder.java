package io.driftwatch.training;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.ColumnReference;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import io.driftwatch.stats.profile.ReferenceProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a model version's {@link ReferenceProfile} from its training rows and the model's answers
 * on them: per input feature a KLL sketch with {@value NumericReference#DEFAULT_BINS} fixed
 * quantile bins with exact counts (numeric) or category frequencies (categorical), and the same for
 * the outputs {@code class} (classifiers) and {@code score} (the predicted class's probability, or
 * the regression value). A feature absent from a row counts as missing.
 *
 * <p>Numeric values are profiled as the model receives them, rounded to float32 (the input tensor's
 * type, and what the gateway logs): otherwise a value that sits exactly on a bin edge in the
 * training data (0.3 mm of rain) would land one bin higher in live traffic (0.3f is 0.30000001) and
 * every discrete feature would look drifted.
 *
 * <p>Numeric columns also get exact reference bins ({@link NumericReference#exact}): the edges are
 * the exact deciles of all valid training values and the counts per bin exact, so the monitoring
 * job's PSI and JS are the exact statistics of reference and live values. For that the builder
 * keeps every valid numeric value as a float (4 bytes per value, e.g. 80 MB for 10⁶ rows of 20
 * numeric features) until {@link #build}; the sketches themselves stay at a few KiB per column. Not
 * thread-safe.
 */
public final class ProfileBuilder {

  /** Output column of the predicted class, as the monitoring job names it. */
  public static final String CLASS = "class";

  /** Output column of the score, as the monitoring job names it. */
  public static final String SCORE = "score";

  private final ModelDescriptor descriptor;
  private final Map<String, NumericSketch> numeric = new LinkedHashMap<>();
  private final Map<String, FloatValues> numericValues = new LinkedHashMap<>();
  private final DoubleValues scoreValues = new DoubleValues();
  private final Map<String, CategoricalSketch> categorical = new LinkedHashMap<>();
  private final CategoricalSketch classes = CategoricalSketch.empty();
  private final NumericSketch scores = NumericSketch.empty();
  private long rows;

  public ProfileBuilder(ModelDescriptor descriptor) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    for (ModelDescriptor.Feature feature : descriptor.features()) {
      if (feature.kind() == ModelDescriptor.Kind.NUMERIC) {
        numeric.put(feature.name(), NumericSketch.empty());
        numericValues.put(feature.name(), new FloatValues());
      } else {
        categorical.put(feature.name(), CategoricalSketch.empty());
      }
    }
  }

  /**
   * Adds one row.
   *
   * @param numericValues numeric feature values by name; absent or null = missing
   * @param categoricalValues categorical feature values by name; absent or null = missing
   * @param predictedClass the model's class for the row; null for regressors
   * @param score the predicted class's probability, or the regression output
   */
  public void add(
      Map<String, Double> numericValues,
      Map<String, String> categoricalValues,
      String predictedClass,
      double score) {
    rows++;
    numeric.forEach(
        (name, sketch) -> {
          Double value = asFloat32(numericValues.get(name));
          sketch.update(value);
          if (value != null) {
            this.numericValues.get(name).add(value);
          }
        });
    categorical.forEach((name, sketch) -> sketch.update(categoricalValues.get(name)));
    if (descriptor.task() == ModelDescriptor.Task.CLASSIFICATION) {
      classes.update(predictedClass);
    }
    scores.update(score);
    scoreValues.add(score);
  }

  /** The finite values of one column as floats, growing by doubling. */
  private static final class FloatValues {
    private float[] values = new float[1024];
    private int size;

    void add(double value) {
      if (!Double.isFinite(value)) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = (float) value;
    }

    double[] toDoubles() {
      double[] doubles = new double[size];
      for (int i = 0; i < size; i++) {
        doubles[i] = values[i];
      }
      return doubles;
    }
  }

  /** The finite scores as given (they are not rounded to float32 in the sketch either). */
  private static final class DoubleValues {
    private double[] values = new double[1024];
    private int size;

    void add(double value) {
      if (!Double.isFinite(value)) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    double[] toDoubles() {
      return Arrays.copyOf(values, size);
    }
  }

  private static Double asFloat32(Double value) {
    return value == null ? null : (double) value.floatValue();
  }

  /** Rows added. */
  public long rows() {
    return rows;
  }

  /**
   * The profile of the rows added so far.
   *
   * @throws IllegalStateException when no row was added
   */
  public ReferenceProfile build(
      String model, String version, Instant createdAt, Map<String, String> source) {
    if (rows == 0) {
      throw new IllegalStateException("a reference profile needs at least one row");
    }
    List<ColumnReference> features = new ArrayList<>();
    for (ModelDescriptor.Feature feature : descriptor.features()) {
      features.add(
          feature.kind() == ModelDescriptor.Kind.NUMERIC
              ? NumericReference.exact(
                  feature.name(),
                  numeric.get(feature.name()).copy(),
                  numericValues.get(feature.name()).toDoubles())
              : new CategoricalReference(feature.name(), categorical.get(feature.name()).copy()));
    }
    List<ColumnReference> outputs = new ArrayList<>();
    if (descriptor.task() == ModelDescriptor.Task.CLASSIFICATION) {
      outputs.add(new CategoricalReference(CLASS, classes.copy()));
    }
    outputs.add(NumericReference.exact(SCORE, scores.copy(), scoreValues.toDoubles()));
    Map<String, String> described = new LinkedHashMap<>(source);
    described.put("rows", Long.toString(rows));
    return new ReferenceProfile(model, version, createdAt, described, features, outputs);
  }
}
