package io.driftwatch.benchmarks.drift;

import io.driftwatch.stats.drift.DatasetDrift;
import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.drift.DriftThresholds;
import io.driftwatch.stats.drift.FeatureDrift;
import io.driftwatch.stats.profile.ColumnReference;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * Section 2: false alarms on stationary data. Reference of 10⁵ rows, then 10⁶ live rows from the
 * same distributions in windows, judged with the default policy; counts model-level alarms
 * (DatasetDrift) and per-feature flags of every method.
 */
final class FalseAlarmSection {

  static final int REFERENCE_ROWS = 100_000;
  static final int LIVE_ROWS = 1_000_000;
  static final int GOAL_ALARMS = 1;

  private final long seed;

  FalseAlarmSection(long seed) {
    this.seed = seed;
  }

  void report(PrintWriter out) {
    out.printf(
        "%n2. False alarms: reference %,d rows, %,d stationary live rows, default policy%n",
        REFERENCE_ROWS, LIVE_ROWS);
    run(out, "20 numeric features", SyntheticModel.numericFeatures(), 10_000, true);
    run(out, "20 numeric features", SyntheticModel.numericFeatures(), 1_000, true);
    run(out, "16 numeric + 4 categorical", SyntheticModel.mixedFeatures(), 10_000, true);
    run(out, "16 numeric + 4 categorical", SyntheticModel.mixedFeatures(), 1_000, true);
  }

  private void run(
      PrintWriter out, String title, SyntheticModel model, int windowRows, boolean perFeature) {
    DriftPolicy policy = DriftPolicy.defaults();
    DriftThresholds thresholds = policy.thresholds();
    SyntheticModel.Rows rows = model.rows(seed + windowRows);
    List<ColumnReference> reference = rows.reference(REFERENCE_ROWS);
    int features = model.columns().size();
    int windows = LIVE_ROWS / windowRows;
    int alarms = 0;
    int[] flagged = new int[features];
    int[] rejected = new int[features];
    int[] psiFlags = new int[features];
    int[] jsFlags = new int[features];
    int[] wassersteinFlags = new int[features];
    int[] linfFlags = new int[features];
    double[] minP = new double[features];
    double[] maxScore = new double[features];
    Arrays.fill(minP, 1);
    for (int w = 0; w < windows; w++) {
      List<FeatureDrift> drifts = model.evaluate(policy, reference, rows.window(windowRows, -1, 0));
      DatasetDrift dataset = DatasetDrift.of(drifts, policy.datasetAlpha());
      if (dataset.datasetDrifted()) {
        alarms++;
      }
      for (int i = 0; i < features; i++) {
        FeatureDrift drift = drifts.get(i);
        flagged[i] += drift.drifted() ? 1 : 0;
        rejected[i] += dataset.driftedColumns().contains(drift.column()) ? 1 : 0;
        minP[i] = Math.min(minP[i], drift.pValue());
        maxScore[i] = Math.max(maxScore[i], drift.score());
        if (drift.numeric() != null) {
          psiFlags[i] += drift.numeric().psi() > thresholds.psi() ? 1 : 0;
          jsFlags[i] += drift.numeric().js() > thresholds.js() ? 1 : 0;
          wassersteinFlags[i] +=
              drift.numeric().wassersteinNormalized() > thresholds.wasserstein() ? 1 : 0;
        } else {
          psiFlags[i] += drift.categorical().psi() > thresholds.psi() ? 1 : 0;
          jsFlags[i] += drift.categorical().js() > thresholds.js() ? 1 : 0;
          linfFlags[i] += drift.categorical().linf() > thresholds.linf() ? 1 : 0;
        }
      }
    }
    out.printf(
        "%n  %s, %d windows of %,d: model-level alarms %d (goal ≤ %d: %s)%n",
        title,
        windows,
        windowRows,
        alarms,
        GOAL_ALARMS,
        SketchAccuracySection.verdict(alarms <= GOAL_ALARMS));
    out.printf(
        "  per-feature flags over %d feature-windows: default method %d, Holm-rejected %d;"
            + " if judged by PSI>0.2 %d, JS>0.1 %d, W1/scale>0.1 %d, L∞>0.1 %d%n",
        windows * features,
        sum(flagged),
        sum(rejected),
        sum(psiFlags),
        sum(jsFlags),
        sum(wassersteinFlags),
        sum(linfFlags));
    if (!perFeature) {
      return;
    }
    out.printf(
        "  %-5s %-40s %6s %5s %5s %5s %6s %5s %10s %9s%n",
        "col", "distribution", "method", "flag", "holm", "PSI", "JS", "W1", "min p", "max score");
    for (int i = 0; i < features; i++) {
      SyntheticModel.Column column = model.columns().get(i);
      out.printf(
          "  %-5s %-40s %6s %5d %5d %5d %6d %5s %10.3g %9.3f%n",
          column.name(),
          column.label(),
          policy.methodFor(column.name(), reference.get(i).kind()),
          flagged[i],
          rejected[i],
          psiFlags[i],
          jsFlags[i],
          column.isNumeric() ? Integer.toString(wassersteinFlags[i]) : "-",
          minP[i],
          maxScore[i]);
    }
  }

  private static int sum(int[] counts) {
    int sum = 0;
    for (int count : counts) {
      sum += count;
    }
    return sum;
  }
}
