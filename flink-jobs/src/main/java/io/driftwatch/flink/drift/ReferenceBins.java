package io.driftwatch.flink.drift;

import io.driftwatch.stats.profile.ColumnReference;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.ReferenceProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The interior bin edges of a reference profile's numeric columns by name, which a live window
 * counts its values into exactly ({@link io.driftwatch.stats.profile.BinCounts}). Immutable; the
 * arrays must not be modified.
 *
 * @param features edges of the numeric input features
 * @param outputs edges of the numeric outputs ({@value LiveProfile#SCORE})
 */
public record ReferenceBins(Map<String, double[]> features, Map<String, double[]> outputs) {

  /** No profile known: windows keep sketches only. */
  public static final ReferenceBins NONE = new ReferenceBins(Map.of(), Map.of());

  public static ReferenceBins of(ReferenceProfile profile) {
    return new ReferenceBins(edges(profile.features()), edges(profile.outputs()));
  }

  private static Map<String, double[]> edges(List<ColumnReference> columns) {
    Map<String, double[]> edges = new HashMap<>();
    for (ColumnReference column : columns) {
      if (column instanceof NumericReference numeric) {
        edges.put(column.name(), numeric.binEdges());
      }
    }
    return Map.copyOf(edges);
  }
}
