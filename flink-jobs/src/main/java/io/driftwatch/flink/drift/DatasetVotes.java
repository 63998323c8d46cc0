package io.driftwatch.flink.drift;

import io.driftwatch.stats.drift.DriftMethod;
import io.driftwatch.stats.drift.FeatureDrift;
import io.driftwatch.stats.profile.ColumnKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the model-level dataset-drift decision needs of the input features judged so far for one
 * window, collected shard by shard in keyed state until every feature shard of the window is in.
 *
 * @param shards feature shards collected, 1 .. the job's shard count
 * @param rows answered predictions in the window
 * @param columns feature names, parallel to the arrays below
 * @param methods each feature's drift method name ({@link DriftMethod})
 * @param numeric whether each feature is numeric (else categorical)
 * @param evaluated whether each feature was judged
 * @param drifted whether each feature drifted by its own method
 * @param pValues each feature's p-value, NaN for methods without one
 */
public record DatasetVotes(
    int shards,
    long rows,
    String[] columns,
    String[] methods,
    boolean[] numeric,
    boolean[] evaluated,
    boolean[] drifted,
    double[] pValues) {

  /** The votes of one shard's features. */
  public static DatasetVotes of(long rows, List<FeatureDrift> features) {
    int n = features.size();
    String[] columns = new String[n];
    String[] methods = new String[n];
    boolean[] numeric = new boolean[n];
    boolean[] evaluated = new boolean[n];
    boolean[] drifted = new boolean[n];
    double[] pValues = new double[n];
    for (int i = 0; i < n; i++) {
      FeatureDrift f = features.get(i);
      columns[i] = f.column();
      methods[i] = f.method().name();
      numeric[i] = f.kind() == ColumnKind.NUMERIC;
      evaluated[i] = f.evaluated();
      drifted[i] = f.drifted();
      pValues[i] = f.pValue();
    }
    return new DatasetVotes(1, rows, columns, methods, numeric, evaluated, drifted, pValues);
  }

  /** These votes and {@code other}'s, as one more shard collected. */
  public DatasetVotes plus(DatasetVotes other) {
    int n = columns.length;
    int m = other.columns.length;
    boolean[] allNumeric = Arrays.copyOf(numeric, n + m);
    boolean[] allEvaluated = Arrays.copyOf(evaluated, n + m);
    boolean[] allDrifted = Arrays.copyOf(drifted, n + m);
    System.arraycopy(other.numeric, 0, allNumeric, n, m);
    System.arraycopy(other.evaluated, 0, allEvaluated, n, m);
    System.arraycopy(other.drifted, 0, allDrifted, n, m);
    return new DatasetVotes(
        shards + other.shards,
        Math.max(rows, other.rows),
        concat(columns, other.columns),
        concat(methods, other.methods),
        allNumeric,
        allEvaluated,
        allDrifted,
        concat(pValues, other.pValues));
  }

  /** The features as verdicts without their statistics, enough for {@code DatasetDrift.of}. */
  public List<FeatureDrift> features() {
    List<FeatureDrift> features = new ArrayList<>(columns.length);
    for (int i = 0; i < columns.length; i++) {
      features.add(
          new FeatureDrift(
              columns[i],
              numeric[i] ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL,
              DriftMethod.valueOf(methods[i]),
              evaluated[i],
              drifted[i],
              Double.NaN,
              pValues[i],
              0,
              null,
              null));
    }
    return features;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
