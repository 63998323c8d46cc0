package io.driftwatch.flink.quality;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.stats.evaluation.VariantComparison;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Emits {@code variant_comparison} points for a model whose window has both a champion and a
 * challenger quality window: accuracy (two-proportion z-test) when both sides labeled
 * classifications, MAE (Welch's t-test) when both labeled regressions. Several versions of one
 * variant in a window (a rollout) are merged and named together, comma-separated. Keyed by model;
 * keeps no state of its own.
 */
public final class CompareVariants
    extends ProcessWindowFunction<QualityWindow, MetricPoint, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  static final String CHAMPION = "champion";
  static final String CHALLENGER = "challenger";

  private final long minSamples;

  /**
   * @param minSamples labeled predictions each side needs for a p-value, at least 2
   */
  public CompareVariants(long minSamples) {
    this.minSamples = minSamples;
  }

  @Override
  public void process(
      String model, Context context, Iterable<QualityWindow> windows, Collector<MetricPoint> out) {
    QualityAccumulator champion = QualityAccumulator.empty();
    QualityAccumulator challenger = QualityAccumulator.empty();
    Set<String> championVersions = new TreeSet<>();
    Set<String> challengerVersions = new TreeSet<>();
    for (QualityWindow window : windows) {
      if (CHAMPION.equals(window.variant())) {
        champion.merge(window.quality());
        championVersions.add(window.version());
      } else if (CHALLENGER.equals(window.variant())) {
        challenger.merge(window.quality());
        challengerVersions.add(window.version());
      }
    }
    if (championVersions.isEmpty() || challengerVersions.isEmpty()) {
      return;
    }
    long end = context.window().getEnd();
    String championTag = String.join(",", championVersions);
    String challengerTag = String.join(",", challengerVersions);
    long n1 = champion.classification().count();
    long n2 = challenger.classification().count();
    if (n1 > 0 && n2 > 0) {
      VariantComparison accuracy =
          VariantComparison.accuracy(
              champion.classification(), challenger.classification(), minSamples);
      out.collect(
          QualityPoints.variantComparison(
              model, championTag, challengerTag, accuracy, n1, n2, end));
    }
    long r1 = champion.regression().count();
    long r2 = challenger.regression().count();
    if (r1 > 0 && r2 > 0) {
      VariantComparison mae =
          VariantComparison.mae(champion.regression(), challenger.regression(), minSamples);
      out.collect(
          QualityPoints.variantComparison(model, championTag, challengerTag, mae, r1, r2, end));
    }
  }
}
