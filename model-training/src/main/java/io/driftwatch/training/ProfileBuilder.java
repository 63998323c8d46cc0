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
 * <p>Numeric values are profiled as the model receives them, which is what the gateway logs:
 * rounded to float32 for a float32 input ({@link Precision#FLOAT32}, the default), as given for a
 * float64 or integer one ({@link Precision#EXACT}). Otherwise a value that sits exactly on a bin
 * edge in the training data (0.3 mm of rain) would land one bin higher in live traffic (0.3f is
 * 0.30000001) and every discrete feature would look drifted.
 *
 * <p>Numeric columns also get exact reference bins ({@link NumericReference#exact}): the edges are
 * the exact deciles of all valid training values and the counts per bin exact, so the monitoring
 * job's PSI and JS are the exact statistics of reference and live values. For that the builder
 * keeps every valid numeric value, as a float or at {@link Precision#EXACT} a double (4 or 8 bytes
 * per value, e.g. 80 or 160 MB for 10⁶ rows of 20 numeric features), until {@link #build}; the
 * sketches themselves stay at a few KiB per column. Not thread-safe.
 */
public final class ProfileBuilder {

  /** Output column of the predicted class, as the monitoring job names it. */
  public static final String CLASS = "class";

  /** Output column of the score, as the monitoring job names it. */
  public static final String SCORE = "score";

  /** How the model's input tensor holds a numeric feature value. */
  public enum Precision {
    /** A float32 tensor: each value rounded to the nearest float. */
    FLOAT32,
    /** A float64 or integer tensor: each value as given. */
    EXACT
  }

  private final ModelDescriptor descriptor;
  private final Precision precision;
  private final Map<String, NumericSketch> numeric = new LinkedHashMap<>();
  private final Map<String, Values> numericValues = new LinkedHashMap<>();
  private final DoubleValues scoreValues = new DoubleValues();
  private final Map<String, CategoricalSketch> categorical = new LinkedHashMap<>();
  private final CategoricalSketch classes = CategoricalSketch.empty();
  private final NumericSketch scores = NumericSketch.empty();
  private long rows;

  /** A builder for a model with a float32 input. */
  public ProfileBuilder(ModelDescriptor descriptor) {
    this(descriptor, Precision.FLOAT32);
  }

  /** A builder for a model whose input holds numbers at {@code precision}. */
  public ProfileBuilder(ModelDescriptor descriptor, Precision precision) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.precision = Objects.requireNonNull(precision, "precision");
    for (ModelDescriptor.Feature feature : descriptor.features()) {
      if (feature.kind() == ModelDescriptor.Kind.NUMERIC) {
        numeric.put(feature.name(), NumericSketch.empty());
        numericValues.put(
            feature.name(),
            precision == Precision.FLOAT32 ? new FloatValues() : new DoubleValues());
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
   * @param score the predicted class's probability, or the regression output; NaN for none (a
   *     classifier answering its class per row has no score)
   */
  public void add(
      Map<String, Double> numericValues,
      Map<String, String> categoricalValues,
      String predictedClass,
      double score) {
    rows++;
    numeric.forEach(
        (name, sketch) -> {
          Double value = asReceived(numericValues.get(name));
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

  /** The finite values of one column, growing by doubling. */
  private interface Values {
    void add(double value);

    double[] toDoubles();
  }

  /** Values as floats. */
  private static final class FloatValues implements Values {
    private float[] values = new float[1024];
    private int size;

    @Override
    public void add(double value) {
      if (!Double.isFinite(value)) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = (float) value;
    }

    @Override
    public double[] toDoubles() {
      double[] doubles = new double[size];
      for (int i = 0; i < size; i++) {
        doubles[i] = values[i];
      }
      return doubles;
    }
  }

  /**
   * Values as given: scores (they are not rounded to float32 in the sketch either), and features at
   * {@link Precision#EXACT}.
   */
  private static final class DoubleValues implements Values {
    private double[] values = new double[1024];
    private int size;

    @Override
    public void add(double value) {
      if (!Double.isFinite(value)) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    @Override
    public double[] toDoubles() {
      return Arrays.copyOf(values, size);
    }
  }

  private Double asReceived(Double value) {
    if (value == null || precision == Precision.EXACT) {
      return value;
    }
    return (double) value.floatValue();
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
