package io.driftwatch.benchmarks.drift;

import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.ColumnReference;
import io.driftwatch.stats.profile.NumericSketch;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Section 4: serialized state per column ({@code toByteArray()}) after 10³ … 10⁶ updates, and the
 * encoded reference profile of the 20-feature model.
 */
final class StateSizeSection {

  static final int GOAL_BYTES = 16 * 1024;
  private static final int[] UPDATES = {1_000, 10_000, 100_000, 1_000_000};

  private final long seed;

  StateSizeSection(long seed) {
    this.seed = seed;
  }

  void report(PrintWriter out) {
    out.printf(
        "%n4. State size: bytes of toByteArray() after n updates (goal ≤ %,d)%n", GOAL_BYTES);
    out.printf(
        "  %-10s %14s %16s %18s %20s%n",
        "n", "numeric N(0,1)", "numeric Poisson", "categorical 10", "categorical 500 Zipf");
    int largest = 0;
    for (int n : UPDATES) {
      int normal = numericBytes(SyntheticFeature.NORMAL.sampler(seed, 0), n);
      int poisson = numericBytes(SyntheticFeature.POISSON.sampler(seed, 0), n);
      int few = categoricalBytes(SyntheticCategory.ZIPF_10.sampler(seed), n);
      int many = categoricalBytes(SyntheticCategory.ZIPF_500.sampler(seed), n);
      largest = Math.max(largest, Math.max(Math.max(normal, poisson), Math.max(few, many)));
      out.printf(
          "  %-10s %14d %16d %18d %20d%n", String.format("%,d", n), normal, poisson, few, many);
    }
    out.printf(
        "  largest %,d bytes (goal ≤ %,d: %s)%n",
        largest, GOAL_BYTES, SketchAccuracySection.verdict(largest <= GOAL_BYTES));
    List<ColumnReference> features =
        SyntheticModel.mixedFeatures().rows(seed).reference(FalseAlarmSection.REFERENCE_ROWS);
    ReferenceProfile profile =
        new ReferenceProfile("synthetic", "1", Instant.EPOCH, Map.of(), features, List.of());
    out.printf(
        "  reference profile of 16 numeric + 4 categorical features from %,d rows: %,d bytes"
            + " (Avro single-object)%n",
        FalseAlarmSection.REFERENCE_ROWS, ReferenceProfileCodec.encode(profile).length);
  }

  private static int numericBytes(DoubleSupplier values, int n) {
    NumericSketch sketch = NumericSketch.empty();
    for (int i = 0; i < n; i++) {
      sketch.update(values.getAsDouble());
    }
    return sketch.toByteArray().length;
  }

  private static int categoricalBytes(Supplier<String> values, int n) {
    CategoricalSketch sketch = CategoricalSketch.empty();
    for (int i = 0; i < n; i++) {
      sketch.update(values.get());
    }
    return sketch.toByteArray().length;
  }
}
