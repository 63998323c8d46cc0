package io.driftwatch.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Says on the console what the monitoring jobs detected: a feature or output that starts or stops
 * drifting ({@code feature_drift}, {@code prediction_drift}), a concept-drift detector that fires
 * ({@code concept_drift}), every alert that fires or resolves ({@code alerts}), the model-level
 * dataset-drift decision ({@code dataset_drift}), and each {@code model_quality} window. Only
 * changes are printed, so a steady state stays quiet. Not thread-safe: one caller polls.
 */
final class DetectionReport {

  /**
   * How much older than the newest alert printed an alert may be and still be printed: a series
   * resolved as stale is written at the instant it went stale, after alerts of later windows.
   */
  private static final Duration ALERT_OVERLAP = Duration.ofMinutes(10);

  private final InfluxTail tail;
  private final Map<String, Boolean> drifting = new HashMap<>();

  DetectionReport(InfluxTail tail) {
    this.tail = tail;
  }

  /** Lines for what changed since the previous call. */
  List<String> newLines() {
    List<String> lines = new ArrayList<>();
    for (InfluxTail.Point p : tail.newPoints("feature_drift")) {
      change(lines, p, "feature", p.tag("feature"), "drifted");
    }
    for (InfluxTail.Point p : tail.newPoints("prediction_drift")) {
      change(lines, p, "output", p.tag("output"), "drifted");
    }
    for (InfluxTail.Point p : tail.newPoints("dataset_drift")) {
      change(lines, p, "dataset", "(all features)", "drifted");
    }
    for (InfluxTail.Point p : tail.newPoints("concept_drift")) {
      change(lines, p, "detector", p.tag("detector"), "detected");
    }
    for (InfluxTail.Point p : tail.newPoints("alerts", ALERT_OVERLAP)) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s  %s v%s ALERT %s %s %s: %s",
              p.time(),
              p.tag("model"),
              p.tag("version"),
              p.tag("state"),
              p.tag("severity"),
              p.tag("rule"),
              p.text("message")));
    }
    for (InfluxTail.Point p : tail.newPoints("model_quality")) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s  %s v%s quality    accuracy=%.3f f1=%.3f on %d labels",
              p.time(),
              p.tag("model"),
              p.tag("version"),
              p.number("accuracy"),
              p.number("f1"),
              (long) p.number("labeled")));
    }
    return lines;
  }

  private void change(
      List<String> lines, InfluxTail.Point p, String kind, String name, String flagField) {
    boolean now = p.number(flagField) >= 1;
    String key = p.tag("model") + "|" + p.tag("version") + "|" + kind + "|" + name;
    Boolean before = drifting.put(key, now);
    if (before == null ? now : before != now) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s  %s v%s %s %s %s%s",
              p.time(),
              p.tag("model"),
              p.tag("version"),
              now ? "DRIFT     " : "recovered ",
              kind,
              name,
              details(p)));
    }
  }

  private static String details(InfluxTail.Point p) {
    StringBuilder out = new StringBuilder();
    for (String field :
        List.of("drift_score", "psi", "ks", "js", "chi2_pvalue", "error_rate", "drift_share")) {
      double value = p.number(field);
      if (!Double.isNaN(value)) {
        out.append(String.format(Locale.ROOT, " %s=%.3f", field, value));
      }
    }
    double n = p.number("n");
    if (!Double.isNaN(n)) {
      out.append(" n=").append((long) n);
    }
    return out.toString();
  }
}
