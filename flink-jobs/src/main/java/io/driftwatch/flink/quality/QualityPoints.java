package io.driftwatch.flink.quality;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.stats.evaluation.ClassificationMetrics;
import io.driftwatch.stats.evaluation.RegressionMetrics;
import io.driftwatch.stats.evaluation.VariantComparison;

/** The InfluxDB points of the quality topology; each point's time is its window end. */
public final class QualityPoints {

  public static final String MODEL_QUALITY = "model_quality";
  public static final String VARIANT_COMPARISON = "variant_comparison";
  public static final String LABEL_JOIN = "label_join";

  private QualityPoints() {}

  /**
   * {@code model_quality} (tags model, version, variant): accuracy, precision, recall, f1 (macro)
   * and auc (binary scores only) when classifications were labeled; rmse and mae when regressions
   * were; labeled; label_delay_p50_ms and label_delay_p95_ms. Undefined values are left out.
   */
  public static MetricPoint modelQuality(QualityWindow window) {
    QualityAccumulator q = window.quality();
    MetricPoint.Builder point =
        MetricPoint.builder(MODEL_QUALITY, window.windowEnd())
            .tag("model", window.model())
            .tag("version", window.version())
            .tag("variant", window.variant());
    ClassificationMetrics c = q.classification();
    if (c.count() > 0) {
      point
          .field("accuracy", c.accuracy())
          .field("precision", c.macroPrecision())
          .field("recall", c.macroRecall())
          .field("f1", c.macroF1())
          .field("auc", c.auc());
    }
    RegressionMetrics r = q.regression();
    if (r.count() > 0) {
      point.field("rmse", r.rmse()).field("mae", r.mae());
    }
    point.field("labeled", q.labeled());
    if (!q.labelDelays().isEmpty()) {
      point
          .field("label_delay_p50_ms", q.labelDelays().quantile(0.5))
          .field("label_delay_p95_ms", q.labelDelays().quantile(0.95));
    }
    return point.build();
  }

  /**
   * {@code variant_comparison} (tags model, champion, challenger, metric; the variant tags hold the
   * versions): difference (challenger − champion), p_value (absent without enough data),
   * enough_data (0/1), champion_n, challenger_n.
   */
  public static MetricPoint variantComparison(
      String model,
      String championVersions,
      String challengerVersions,
      VariantComparison comparison,
      long championN,
      long challengerN,
      long windowEnd) {
    return MetricPoint.builder(VARIANT_COMPARISON, windowEnd)
        .tag("model", model)
        .tag("champion", championVersions)
        .tag("challenger", challengerVersions)
        .tag("metric", comparison.metric())
        .field("difference", comparison.difference())
        .field("p_value", comparison.pValue())
        .flag("enough_data", comparison.enoughData())
        .field("champion_n", championN)
        .field("challenger_n", challengerN)
        .build();
  }

  /**
   * {@code label_join} (tags model, version; none for labels that matched nothing): matched,
   * expired, late_or_unmatched, unusable.
   */
  public static MetricPoint labelJoin(JoinOutcome counts, long windowEnd) {
    return MetricPoint.builder(LABEL_JOIN, windowEnd)
        .tag("model", counts.model())
        .tag("version", counts.version())
        .field("matched", counts.matched())
        .field("expired", counts.expired())
        .field("late_or_unmatched", counts.lateOrUnmatched())
        .field("unusable", counts.unusable())
        .build();
  }
}
