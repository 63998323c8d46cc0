package io.driftwatch.stats.drift;

import static io.driftwatch.stats.Samples.categories;
import static io.driftwatch.stats.Samples.normal;
import static io.driftwatch.stats.Samples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.ColumnKind;
import io.driftwatch.stats.profile.NumericReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftPolicyTest {

  private static final NumericReference AGE =
      NumericReference.of("age", sketchOf(normal(1, 10_000, 40)));
  private static final CategoricalReference STATION =
      new CategoricalReference("station", categories("oslo", 600, "bergen", 400));

  @Test
  void defaultsToKsForNumericAndChiSquareForCategoricalColumns() {
    DriftPolicy policy = DriftPolicy.defaults();

    assertThat(policy.methodFor("age", ColumnKind.NUMERIC)).isEqualTo(DriftMethod.KS);
    assertThat(policy.methodFor("station", ColumnKind.CATEGORICAL)).isEqualTo(DriftMethod.CHI2);
    assertThat(policy.minSamples()).isEqualTo(30);
    assertThat(policy.datasetAlpha()).isEqualTo(0.05);
    assertThat(policy.thresholds()).isEqualTo(new DriftThresholds(0.05, 0.2, 0.1, 0.1, 0.05, 0.1));
  }

  @Test
  void overridesApplyPerColumnAndMustFitTheKind() {
    DriftPolicy policy =
        DriftPolicy.defaults()
            .withOverride("age", DriftMethod.PSI)
            .withOverride("station", DriftMethod.JS);

    assertThat(policy.methodFor("age", ColumnKind.NUMERIC)).isEqualTo(DriftMethod.PSI);
    assertThat(policy.methodFor("station", ColumnKind.CATEGORICAL)).isEqualTo(DriftMethod.JS);

    DriftPolicy wrong = DriftPolicy.defaults().withOverride("age", DriftMethod.CHI2);
    assertThatThrownBy(() -> wrong.methodFor("age", ColumnKind.NUMERIC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("override for column 'age' is CHI2")
        .hasMessageContaining("NUMERIC");
    assertThatThrownBy(() -> wrong.evaluate(AGE, sketchOf(normal(2, 100, 40))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'age'");
  }

  @Test
  void rejectsDefaultsThatDoNotFitTheirKind() {
    assertThatThrownBy(
            () ->
                new DriftPolicy(
                    DriftMethod.LINF,
                    DriftMethod.CHI2,
                    Map.of(),
                    DriftThresholds.defaults(),
                    30,
                    0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numericDefault LINF");
    assertThatThrownBy(
            () ->
                new DriftPolicy(
                    DriftMethod.KS,
                    DriftMethod.WASSERSTEIN,
                    Map.of(),
                    DriftThresholds.defaults(),
                    30,
                    0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("categoricalDefault WASSERSTEIN");
    assertThatThrownBy(() -> DriftPolicy.defaults().withMinSamples(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minSamples must be >= 1");
  }

  @Test
  void rejectsThresholdsOutOfRange() {
    assertThatThrownBy(() -> new DriftThresholds(0, 0.2, 0.1, 0.1, 0.05, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ksAlpha");
    assertThatThrownBy(() -> new DriftThresholds(0.05, 0.2, 1.5, 0.1, 0.05, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("js must be in (0, 1]");
  }

  @Test
  void skipsWindowsBelowMinSamples() {
    FeatureDrift drift = DriftPolicy.defaults().evaluate(AGE, sketchOf(normal(3, 29, 80)));

    assertThat(drift.evaluated()).isFalse();
    assertThat(drift.drifted()).isFalse();
    assertThat(drift.score()).isNaN();
    assertThat(drift.pValue()).isNaN();
    assertThat(drift.n()).isEqualTo(29);
    assertThat(drift.numeric()).isNull();
  }

  @Test
  void flagsHalfSigmaMeanShiftAtThousandSamplesWithKs() {
    FeatureDrift drift = DriftPolicy.defaults().evaluate(AGE, sketchOf(normal(4, 1000, 40.5)));

    assertThat(drift.evaluated()).isTrue();
    assertThat(drift.drifted()).isTrue();
    assertThat(drift.method()).isEqualTo(DriftMethod.KS);
    assertThat(drift.score())
        .isCloseTo(drift.numeric().ks() / drift.numeric().ksThreshold(), within(1e-12));
    assertThat(drift.score()).isGreaterThan(1);
    assertThat(drift.pValue()).isEqualTo(drift.numeric().ksPValue()).isLessThan(1e-6);
    assertThat(drift.categorical()).isNull();
  }

  @Test
  void doesNotFlagAStationaryWindow() {
    FeatureDrift drift = DriftPolicy.defaults().evaluate(AGE, sketchOf(normal(5, 1000, 40)));

    assertThat(drift.drifted()).isFalse();
    assertThat(drift.score()).isLessThan(1);
    assertThat(drift.pValue()).isGreaterThan(0.05);
  }

  @Test
  void scoresDistanceMethodsAsStatisticOverThreshold() {
    DriftPolicy policy = DriftPolicy.defaults().withOverride("age", DriftMethod.WASSERSTEIN);

    FeatureDrift drift = policy.evaluate(AGE, sketchOf(normal(6, 5000, 40.5)));

    assertThat(drift.score())
        .isCloseTo(drift.numeric().wassersteinNormalized() / 0.1, within(1e-12))
        .isGreaterThan(4); // a 0.5σ shift is 5 times the 0.1σ threshold
    assertThat(drift.drifted()).isTrue();
    assertThat(drift.pValue()).isNaN();
  }

  @Test
  void scoresChiSquareAsLogPOverLogAlpha() {
    FeatureDrift drift =
        DriftPolicy.defaults().evaluate(STATION, categories("oslo", 45, "bergen", 55));

    double p = drift.categorical().chi2PValue();
    assertThat(p).isBetween(0.001, 0.05);
    assertThat(drift.pValue()).isEqualTo(p);
    assertThat(drift.score()).isCloseTo(Math.log(p) / Math.log(0.05), within(1e-12));
    assertThat(drift.drifted()).isTrue();
  }

  @Test
  void clampsTheChiSquareScoreWhenThePValueUnderflows() {
    FeatureDrift drift =
        DriftPolicy.defaults().evaluate(STATION, categories("oslo", 1, "bergen", 100_000));

    assertThat(drift.pValue()).isZero();
    assertThat(drift.score()).isCloseTo(Math.log(1e-300) / Math.log(0.05), within(1e-9));
  }

  @Test
  void judgesCategoricalColumnsWithLinfOverride() {
    DriftPolicy policy = DriftPolicy.defaults().withOverride("station", DriftMethod.LINF);

    FeatureDrift drift = policy.evaluate(STATION, categories("oslo", 45, "bergen", 55));

    assertThat(drift.categorical().linf()).isCloseTo(0.15, within(1e-12));
    assertThat(drift.score()).isCloseTo(1.5, within(1e-12));
    assertThat(drift.drifted()).isTrue();
  }

  @Test
  void refusesAWindowOfTheOtherKind() {
    assertThatThrownBy(() -> DriftPolicy.defaults().evaluate(STATION, sketchOf(1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'station' is CATEGORICAL");
    assertThatThrownBy(() -> DriftPolicy.defaults().evaluate(AGE, categories("a", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'age' is NUMERIC");
  }

  @Test
  void survivesJavaSerializationAsFlinkOperatorsNeed() throws Exception {
    DriftPolicy policy =
        DriftPolicy.defaults().withOverride("age", DriftMethod.PSI).withMinSamples(100);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(policy);
    }
    Object restored;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      restored = in.readObject();
    }

    assertThat(restored).isEqualTo(policy);
  }

  @Test
  void methodsApplyToTheirKinds() {
    assertThat(DriftMethod.KS.appliesTo(ColumnKind.CATEGORICAL)).isFalse();
    assertThat(DriftMethod.WASSERSTEIN.appliesTo(ColumnKind.NUMERIC)).isTrue();
    assertThat(DriftMethod.CHI2.appliesTo(ColumnKind.NUMERIC)).isFalse();
    assertThat(DriftMethod.LINF.appliesTo(ColumnKind.CATEGORICAL)).isTrue();
    assertThat(DriftMethod.PSI.appliesTo(ColumnKind.CATEGORICAL)).isTrue();
    assertThat(DriftMethod.JS.appliesTo(ColumnKind.NUMERIC)).isTrue();
    assertThat(DriftMethod.values())
        .filteredOn(DriftMethod::hasPValue)
        .containsExactly(DriftMethod.KS, DriftMethod.CHI2);
  }
}
