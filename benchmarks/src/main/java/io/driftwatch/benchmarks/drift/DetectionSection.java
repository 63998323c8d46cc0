package io.driftwatch.benchmarks.drift;

import io.driftwatch.stats.drift.DatasetDrift;
import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.drift.FeatureDrift;
import io.driftwatch.stats.profile.ColumnReference;
import java.io.PrintWriter;
import java.util.List;

/**
 * Section 3: detection delay. The 20 numeric features of section 2; after one stationary window,
 * one feature's mean shifts by 0.5σ exactly at a window boundary. Reports how many windows pass
 * until the model-level decision (DatasetDrift) names that feature, 1 meaning the first shifted
 * window, and until its own KS flag fires; then the same for smaller shifts of a normal feature.
 */
final class DetectionSection {

  static final double SHIFT_SIGMAS = 0.5;
  static final int GOAL_WINDOWS = 2;
  static final int MAX_WINDOWS = 10;
  static final int[] WINDOW_ROWS = {1_000, 10_000};
  private static final int[] SHIFTED_COLUMNS = {0, 9, 11, 13, 14, 16, 17, 19};
  private static final double[] SMALL_SHIFTS = {0.1, 0.2, 0.3};

  private final long seed;
  private final int runs;
  private final SyntheticModel model = SyntheticModel.numericFeatures();
  private final DriftPolicy policy = DriftPolicy.defaults();
  private int falseAlarmsBeforeShift;
  private int stationaryWindows;

  /** Worst and mean windows until flagged over the runs; MAX_WINDOWS + 1 = missed. */
  private record Delays(int maxModel, double meanModel, int maxFeature, double meanFeature) {}

  DetectionSection(long seed, int runs) {
    this.seed = seed;
    this.runs = runs;
  }

  void report(PrintWriter out) {
    out.printf(
        "%n3. Detection: +%.1fσ mean shift of one of 20 numeric features at a window boundary,"
            + " reference %,d rows, %d runs per feature (windows until flagged, 1 = first shifted"
            + " window; >%d = missed, counted as %d in means)%n",
        SHIFT_SIGMAS, FalseAlarmSection.REFERENCE_ROWS, runs, MAX_WINDOWS, MAX_WINDOWS + 1);
    out.printf(
        "  %-8s %-5s %-22s %11s %11s %13s %13s%n",
        "window", "col", "distribution", "model max", "model mean", "KS flag max", "KS flag mean");
    List<ColumnReference> reference = model.rows(seed).reference(FalseAlarmSection.REFERENCE_ROWS);
    for (int windowRows : WINDOW_ROWS) {
      int worst = 0;
      for (int column : SHIFTED_COLUMNS) {
        Delays delays = delays(reference, windowRows, column, SHIFT_SIGMAS);
        worst = Math.max(worst, delays.maxModel());
        SyntheticModel.Column shifted = model.columns().get(column);
        out.printf(
            "  %-8s %-5s %-22s %11s %11.2f %13s %13.2f%n",
            String.format("%,d", windowRows),
            shifted.name(),
            shifted.label(),
            delay(delays.maxModel()),
            delays.meanModel(),
            delay(delays.maxFeature()),
            delays.meanFeature());
      }
      out.printf(
          "  window %,d: worst model-level delay %s (goal ≤ %d: %s)%n",
          windowRows,
          delay(worst),
          GOAL_WINDOWS,
          SketchAccuracySection.verdict(worst <= GOAL_WINDOWS));
    }
    out.printf("  smaller shifts of f01 N(0,1):%n");
    for (int windowRows : WINDOW_ROWS) {
      for (double shift : SMALL_SHIFTS) {
        Delays delays = delays(reference, windowRows, 0, shift);
        out.printf(
            "  %-8s +%.1fσ %-21s %11s %11.2f %13s %13.2f%n",
            String.format("%,d", windowRows),
            shift,
            "",
            delay(delays.maxModel()),
            delays.meanModel(),
            delay(delays.maxFeature()),
            delays.meanFeature());
      }
    }
    out.printf(
        "  model-level alarms in the %d stationary windows before the shifts: %d%n",
        stationaryWindows, falseAlarmsBeforeShift);
  }

  private Delays delays(
      List<ColumnReference> reference, int windowRows, int column, double shiftSigmas) {
    String name = model.columns().get(column).name();
    int maxModel = 0;
    int maxFeature = 0;
    double sumModel = 0;
    double sumFeature = 0;
    for (int run = 0; run < runs; run++) {
      SyntheticModel.Rows rows = model.rows(seed + 7919L * (run + 1) + column);
      stationaryWindows++;
      if (DatasetDrift.of(
              model.evaluate(policy, reference, rows.window(windowRows, -1, 0)),
              policy.datasetAlpha())
          .datasetDrifted()) {
        falseAlarmsBeforeShift++;
      }
      int modelDelay = MAX_WINDOWS + 1;
      int featureDelay = MAX_WINDOWS + 1;
      for (int w = 1; w <= MAX_WINDOWS && Math.max(modelDelay, featureDelay) > MAX_WINDOWS; w++) {
        List<FeatureDrift> drifts =
            model.evaluate(policy, reference, rows.window(windowRows, column, shiftSigmas));
        if (modelDelay > MAX_WINDOWS
            && DatasetDrift.of(drifts, policy.datasetAlpha()).driftedColumns().contains(name)) {
          modelDelay = w;
        }
        if (featureDelay > MAX_WINDOWS && drifts.get(column).drifted()) {
          featureDelay = w;
        }
      }
      maxModel = Math.max(maxModel, modelDelay);
      maxFeature = Math.max(maxFeature, featureDelay);
      sumModel += modelDelay;
      sumFeature += featureDelay;
    }
    return new Delays(maxModel, sumModel / runs, maxFeature, sumFeature / runs);
  }

  private static String delay(int windows) {
    return windows > MAX_WINDOWS ? ">" + MAX_WINDOWS : Integer.toString(windows);
  }
}
