package io.driftwatch.flink.drift;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One shard of what the drift windows need of an answered prediction, projected at the source so
 * that only feature values and outputs cross the network (Flink's array serializers are several
 * times cheaper than Avro's for the event's feature maps).
 *
 * @param model model name
 * @param version model version
 * @param shard which of the version's feature shards this row holds, see {@link
 *     FeatureShardKey#shardOf}
 * @param numericNames numeric feature names of this shard, parallel to {@code numericValues}
 * @param numericValues values; null marks a missing value
 * @param categoricalNames categorical feature names of this shard, parallel to {@code
 *     categoricalValues}
 * @param categoricalValues categories; null marks a missing value
 * @param predictedClass the predicted class; null for regressors and on shards other than 0
 * @param score the score; null on shards other than 0
 */
public record FeatureRow(
    String model,
    String version,
    int shard,
    String[] numericNames,
    Double[] numericValues,
    String[] categoricalNames,
    String[] categoricalValues,
    String predictedClass,
    Double score) {

  /**
   * The {@code shards} rows of an answered prediction, one per shard (also for a shard none of
   * whose features the event has, so every shard counts every row); none for a refused request,
   * which has no model output.
   */
  public static List<FeatureRow> split(PredictionEvent event, int shards) {
    if (event.getStatus() != PredictionStatus.OK) {
      return List.of();
    }
    List<List<Map.Entry<String, Double>>> numeric = byShard(event.getNumericFeatures(), shards);
    List<List<Map.Entry<String, String>>> categorical =
        byShard(event.getCategoricalFeatures(), shards);
    List<FeatureRow> rows = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      List<Map.Entry<String, Double>> n = numeric.get(shard);
      List<Map.Entry<String, String>> c = categorical.get(shard);
      rows.add(
          new FeatureRow(
              event.getModel(),
              event.getVersion(),
              shard,
              n.stream().map(Map.Entry::getKey).toArray(String[]::new),
              n.stream().map(Map.Entry::getValue).toArray(Double[]::new),
              c.stream().map(Map.Entry::getKey).toArray(String[]::new),
              c.stream().map(Map.Entry::getValue).toArray(String[]::new),
              shard == 0 ? event.getPredictedClass() : null,
              shard == 0 ? event.getScore() : null));
    }
    return rows;
  }

  private static <V> List<List<Map.Entry<String, V>>> byShard(Map<String, V> values, int shards) {
    List<List<Map.Entry<String, V>>> byShard = new ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      byShard.add(new ArrayList<>());
    }
    for (Map.Entry<String, V> e : values.entrySet()) {
      byShard.get(FeatureShardKey.shardOf(e.getKey(), shards)).add(e);
    }
    return byShard;
  }

  public FeatureShardKey key() {
    return new FeatureShardKey(model, version, shard);
  }
}
