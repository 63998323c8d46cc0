package io.driftwatch.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.stats.profile.ColumnKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetDriftTest {

  private static FeatureDrift ks(String column, double pValue) {
    return new FeatureDrift(
        column, ColumnKind.NUMERIC, DriftMethod.KS, true, false, 0.5, pValue, 1000, null, null);
  }

  private static FeatureDrift psi(String column, boolean drifted) {
    return new FeatureDrift(
        column,
        ColumnKind.NUMERIC,
        DriftMethod.PSI,
        true,
        drifted,
        drifted ? 2 : 0.5,
        Double.NaN,
        1000,
        null,
        null);
  }

  @Test
  void holmRejectsStepByStepWhereBonferroniWouldStopAtTheFirst() {
    // m = 4 at α = 0.05: 0.010·4 = 0.040 ≤ 0.05 reject; 0.015·3 = 0.045 reject; 0.2·2 = 0.4 stop.
    // Bonferroni (α/4 = 0.0125) would reject only "a".
    List<FeatureDrift> features =
        List.of(ks("c", 0.2), ks("a", 0.010), ks("d", 0.5), ks("b", 0.015));

    DatasetDrift drift = DatasetDrift.of(features, 0.05);

    assertThat(drift.evaluated()).isEqualTo(4);
    assertThat(drift.drifted()).isEqualTo(2);
    assertThat(drift.datasetDrifted()).isTrue();
    assertThat(drift.driftedColumns()).containsExactly("a", "b");
    assertThat(drift.minAdjustedPValue()).isCloseTo(0.04, within(1e-12));
  }

  @Test
  void adjustedPValuesAreMonotoneSoALaterSmallProductCannotReject() {
    // Sorted: 0.02·3 = 0.06 > 0.05 stops; 0.024·2 = 0.048 would pass alone but is adjusted to 0.06.
    List<FeatureDrift> features = List.of(ks("a", 0.02), ks("b", 0.024), ks("c", 0.04));

    DatasetDrift drift = DatasetDrift.of(features, 0.05);

    assertThat(drift.datasetDrifted()).isFalse();
    assertThat(drift.driftedColumns()).isEmpty();
    assertThat(drift.minAdjustedPValue()).isCloseTo(0.06, within(1e-12));
  }

  @Test
  void countsDistanceMethodColumnsAsRejectedIffDrifted() {
    List<FeatureDrift> features = List.of(psi("x", true), psi("y", false), ks("z", 0.5));

    DatasetDrift drift = DatasetDrift.of(features, 0.05);

    assertThat(drift.driftedColumns()).containsExactly("x");
    assertThat(drift.datasetDrifted()).isTrue();
    assertThat(drift.minAdjustedPValue()).isEqualTo(0.5); // m = 1: only z has a p-value
  }

  @Test
  void ignoresUnevaluatedColumns() {
    FeatureDrift skipped = FeatureDrift.notEvaluated("w", ColumnKind.NUMERIC, DriftMethod.KS, 3);
    List<FeatureDrift> features = List.of(skipped, ks("a", 0.03));

    DatasetDrift drift = DatasetDrift.of(features, 0.05);

    // With the skipped column counted, m = 2 and 0.03·2 = 0.06 would not reject.
    assertThat(drift.evaluated()).isEqualTo(1);
    assertThat(drift.driftedColumns()).containsExactly("a");
  }

  @Test
  void hasNaNMinimumWithoutPValueColumns() {
    DatasetDrift drift = DatasetDrift.of(List.of(psi("x", false)), 0.05);

    assertThat(drift.minAdjustedPValue()).isNaN();
    assertThat(drift.datasetDrifted()).isFalse();
    assertThat(DatasetDrift.of(List.of(), 0.05).evaluated()).isZero();
  }
}
