package io.driftwatch.flink.drift;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    Map<String, Double> numeric = event.getNumericFeatures();
    Map<String, String> categorical = event.getCategoricalFeatures();
    int[] numericShard = shardsOf(numeric.keySet(), shards);
    int[] categoricalShard = shardsOf(categorical.keySet(), shards);
    List<FeatureRow> rows = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      String[] numericNames = new String[count(numericShard, shard)];
      Double[] numericValues = new Double[numericNames.length];
      int i = 0;
      int j = 0;
      for (Map.Entry<String, Double> e : numeric.entrySet()) {
        if (numericShard[i++] == shard) {
          numericNames[j] = e.getKey();
          numericValues[j++] = e.getValue();
        }
      }
      String[] categoricalNames = new String[count(categoricalShard, shard)];
      String[] categoricalValues = new String[categoricalNames.length];
      i = 0;
      j = 0;
      for (Map.Entry<String, String> e : categorical.entrySet()) {
        if (categoricalShard[i++] == shard) {
          categoricalNames[j] = e.getKey();
          categoricalValues[j++] = e.getValue();
        }
      }
      rows.add(
          new FeatureRow(
              event.getModel(),
              event.getVersion(),
              shard,
              numericNames,
              numericValues,
              categoricalNames,
              categoricalValues,
              shard == 0 ? event.getPredictedClass() : null,
              shard == 0 ? event.getScore() : null));
    }
    return rows;
  }

  private static int[] shardsOf(Set<String> names, int shards) {
    int[] shardOf = new int[names.size()];
    int i = 0;
    for (String name : names) {
      shardOf[i++] = FeatureShardKey.shardOf(name, shards);
    }
    return shardOf;
  }

  private static int count(int[] shardOf, int shard) {
    int n = 0;
    for (int s : shardOf) {
      if (s == shard) {
        n++;
      }
    }
    return n;
  }

  public FeatureShardKey key() {
    return new FeatureShardKey(model, version, shard);
  }
}
