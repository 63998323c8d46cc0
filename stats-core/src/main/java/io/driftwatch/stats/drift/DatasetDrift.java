package io.driftwatch.stats.drift;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The model-level drift decision over all judged columns of one window.
 *
 * <p>Columns whose method has a p-value (KS, CHI2) are tested together with the Holm–Bonferroni
 * step-down procedure at {@code datasetAlpha}, which keeps the chance of any false alarm in a
 * window at most datasetAlpha when the p-values are valid, whatever their dependence: with the m
 * p-values sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted p-value is p̃₍ᵢ₎ = max over j ≤ i of
 * min(1, (m − j + 1) · p₍ⱼ₎), and a column is rejected (drifted) iff p̃ ≤ datasetAlpha. Columns
 * judged by a distance method (PSI, JS, WASSERSTEIN, LINF) count as rejected iff {@link
 * FeatureDrift#drifted()}. Unevaluated columns are ignored. Note that a KS column can be rejected
 * here while its {@link FeatureDrift#drifted()} is false: the KS p-value uses the true sample
 * sizes, DataSketches' threshold the sketches' retained item counts (see {@link NumericDrift}).
 *
 * @param evaluated columns judged (evaluated = true)
 * @param drifted columns rejected, the size of driftedColumns
 * @param datasetDrifted whether at least one column was rejected
 * @param minAdjustedPValue the smallest Holm-adjusted p-value in [0, 1]; NaN when no judged column
 *     has a p-value
 * @param driftedColumns rejected columns in input order
 */
public record DatasetDrift(
    int evaluated,
    int drifted,
    boolean datasetDrifted,
    double minAdjustedPValue,
    List<String> driftedColumns) {

  public DatasetDrift {
    driftedColumns = List.copyOf(Objects.requireNonNull(driftedColumns, "driftedColumns"));
    if (drifted != driftedColumns.size()) {
      throw new IllegalArgumentException(
          "drifted " + drifted + " differs from " + driftedColumns.size() + " drifted columns");
    }
  }

  /**
   * Decides over the columns of one window.
   *
   * @param features every column's verdict (features and/or outputs), in reporting order
   * @param datasetAlpha family-wise significance level, in (0, 1)
   */
  public static DatasetDrift of(List<FeatureDrift> features, double datasetAlpha) {
    Objects.requireNonNull(features, "features");
    if (!(datasetAlpha > 0 && datasetAlpha < 1)) {
      throw new IllegalArgumentException("datasetAlpha must be in (0, 1), was " + datasetAlpha);
    }
    List<FeatureDrift> tested = new ArrayList<>();
    int evaluated = 0;
    for (FeatureDrift feature : features) {
      if (feature.evaluated()) {
        evaluated++;
        if (feature.method().hasPValue()) {
          tested.add(feature);
        }
      }
    }
    tested.sort(Comparator.comparingDouble(FeatureDrift::pValue));
    Set<FeatureDrift> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
    int m = tested.size();
    double adjusted = 0;
    double minAdjusted = Double.NaN;
    for (int i = 0; i < m; i++) {
      adjusted = Math.max(adjusted, Math.min(1, (m - i) * tested.get(i).pValue()));
      if (i == 0) {
        minAdjusted = adjusted;
      }
      if (adjusted <= datasetAlpha) {
        rejected.add(tested.get(i));
      }
    }
    List<String> driftedColumns = new ArrayList<>();
    for (FeatureDrift feature : features) {
      boolean distanceDrift =
          feature.evaluated() && !feature.method().hasPValue() && feature.drifted();
      if (distanceDrift || rejected.contains(feature)) {
        driftedColumns.add(feature.column());
      }
    }
    return new DatasetDrift(
        evaluated, driftedColumns.size(), !driftedColumns.isEmpty(), minAdjusted, driftedColumns);
  }
}
