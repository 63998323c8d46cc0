package io.driftwatch.flink.drift;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.stats.drift.CategoricalDrift;
import io.driftwatch.stats.drift.DatasetDrift;
import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.drift.FeatureDrift;
import io.driftwatch.stats.drift.NumericDrift;
import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.ColumnReference;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.quality.DataQuality;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares one {@link LiveWindow} with its model version's {@link ReferenceProfile} and writes the
 * verdicts as points, all at the window end:
 *
 * <ul>
 *   <li>{@value #FEATURE_DRIFT} per input feature (tag {@code feature}) and {@value
 *       #PREDICTION_DRIFT} per output column (tag {@code output}): the statistics of the column's
 *       kind, {@code drift_score} (at least 1 means drifted), {@code drifted} and {@code evaluated}
 *       (0/1; a column with fewer valid values than the policy's minimum is not evaluated) and
 *       {@code n};
 *   <li>{@value #DATA_QUALITY} per input feature: missing, invalid (NaN/infinite), out-of-range and
 *       unseen-category rates and {@code n};
 *   <li>{@value #DATASET_DRIFT} once per window ({@link #datasetPoint}, after all shards): the
 *       model-level decision across the input features, with Holm–Bonferroni correction.
 * </ul>
 *
 * <p>Only the reference's columns are evaluated; a live column the reference lacks is ignored.
 * Stateless and thread-safe.
 */
public final class DriftPoints {

  public static final String FEATURE_DRIFT = "feature_drift";
  public static final String PREDICTION_DRIFT = "prediction_drift";
  public static final String DATA_QUALITY = "data_quality";
  public static final String DATASET_DRIFT = "dataset_drift";

  private final DriftPolicy policy;

  public DriftPoints(DriftPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The points of one shard's window and its features' votes for the dataset decision. */
  public record ShardResult(List<MetricPoint> points, DatasetVotes votes) {}

  /**
   * Judges the reference columns of {@code window}'s shard: the input features whose {@link
   * FeatureShardKey#shardOf} is the window's shard, and on shard 0 the outputs.
   */
  public ShardResult evaluate(ReferenceProfile reference, LiveWindow window, int shards) {
    List<MetricPoint> points = new ArrayList<>();
    LiveProfile live = window.profile();
    List<FeatureDrift> featureDrifts = new ArrayList<>();
    for (ColumnReference column : reference.features()) {
      if (FeatureShardKey.shardOf(column.name(), shards) != window.shard()) {
        continue;
      }
      FeatureDrift drift;
      DataQuality quality;
      if (column instanceof NumericReference numeric) {
        var sketch = live.numericFeature(column.name());
        drift = policy.evaluate(numeric, sketch, live.numericFeatureBins(column.name()));
        quality = DataQuality.numeric(numeric, sketch);
      } else {
        CategoricalReference categorical = (CategoricalReference) column;
        var sketch = live.categoricalFeature(column.name());
        drift = policy.evaluate(categorical, sketch);
        quality = DataQuality.categorical(categorical, sketch);
      }
      featureDrifts.add(drift);
      points.add(driftPoint(FEATURE_DRIFT, "feature", window, drift));
      points.add(qualityPoint(window, column.name(), quality));
    }
    if (window.shard() == 0) {
      for (ColumnReference column : reference.outputs()) {
        FeatureDrift drift =
            column instanceof NumericReference numeric
                ? policy.evaluate(
                    numeric,
                    live.numericOutput(column.name()),
                    live.numericOutputBins(column.name()))
                : policy.evaluate(column, live.categoricalOutput(column.name()));
        points.add(driftPoint(PREDICTION_DRIFT, "output", window, drift));
      }
    }
    return new ShardResult(points, DatasetVotes.of(live.rows(), featureDrifts));
  }

  /** The model-level point of a window once every shard's votes are in. */
  public MetricPoint datasetPoint(ModelVersionKey key, long windowEnd, DatasetVotes votes) {
    DatasetDrift dataset = DatasetDrift.of(votes.features(), policy.datasetAlpha());
    return MetricPoint.builder(DATASET_DRIFT, windowEnd)
        .tag("model", key.model())
        .tag("version", key.version())
        .flag("drifted", dataset.datasetDrifted())
        .field("drifted_features", dataset.drifted())
        .field("evaluated_features", dataset.evaluated())
        .field(
            "drift_share",
            dataset.evaluated() == 0 ? 0.0 : dataset.drifted() / (double) dataset.evaluated())
        .field("min_adjusted_pvalue", dataset.minAdjustedPValue())
        .field("rows", votes.rows())
        .build();
  }

  private static MetricPoint.Builder point(String measurement, LiveWindow window) {
    return MetricPoint.builder(measurement, window.windowEnd())
        .tag("model", window.model())
        .tag("version", window.version());
  }

  private static MetricPoint driftPoint(
      String measurement, String columnTag, LiveWindow window, FeatureDrift drift) {
    MetricPoint.Builder point =
        point(measurement, window)
            .tag(columnTag, drift.column())
            .field("drift_score", drift.score())
            .flag("drifted", drift.drifted())
            .flag("evaluated", drift.evaluated())
            .field("n", drift.n());
    if (!Double.isNaN(drift.pValue())) {
      point.field("p_value", drift.pValue());
    }
    NumericDrift numeric = drift.numeric();
    if (numeric != null) {
      point
          .field("ks", numeric.ks())
          .field("ks_threshold", numeric.ksThreshold())
          .field("ks_pvalue", numeric.ksPValue())
          .field("psi", numeric.psi())
          .field("js", numeric.js())
          .field("wasserstein", numeric.wasserstein())
          .field("wasserstein_norm", numeric.wassersteinNormalized());
    }
    CategoricalDrift categorical = drift.categorical();
    if (categorical != null) {
      point
          .field("chi2_pvalue", categorical.chi2PValue())
          .field("linf", categorical.linf())
          .field("psi", categorical.psi())
          .field("js", categorical.js());
    }
    return point.build();
  }

  private static MetricPoint qualityPoint(LiveWindow window, String feature, DataQuality q) {
    return point(DATA_QUALITY, window)
        .tag("feature", feature)
        .field("missing_rate", q.missingRate())
        .field("invalid_rate", q.invalidRate())
        .field("out_of_range_rate", q.outOfRangeRate())
        .field("unseen_category_rate", q.unseenCategoryRate())
        .field("n", q.n())
        .build();
  }
}
