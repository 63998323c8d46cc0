package io.driftwatch.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfileBuilderTest {

  private static final ModelDescriptor REGRESSOR =
      new ModelDescriptor(
          ModelDescriptor.Task.REGRESSION,
          "input",
          "output",
          List.of(new ModelDescriptor.Feature("rain", ModelDescriptor.Kind.NUMERIC)),
          List.of(),
          Map.of());

  @Test
  void countsEveryTrainingValueIntoExactDecileBinsOfItsFloat32Value() {
    ProfileBuilder builder = new ProfileBuilder(REGRESSOR);
    for (int i = 1; i <= 1_000; i++) {
      Map<String, Double> row = new HashMap<>();
      row.put("rain", i % 100 == 0 ? null : i / 10.0);
      builder.add(row, Map.of(), null, i);
    }

    ReferenceProfile profile = builder.build("m", "1", Instant.EPOCH, Map.of());

    NumericReference rain = (NumericReference) profile.feature("rain").orElseThrow();
    assertThat(rain.missing()).isEqualTo(10);
    assertThat(rain.binCounts()).hasSize(rain.bins());
    assertThat(rain.binCounts()).containsOnly(99L);
    // The edge is 9.9 as float32 (9.8999996...), the value the gateway logs and the job bins.
    assertThat(rain.binEdges()[0]).isEqualTo((double) 9.9f);
    NumericReference score = (NumericReference) profile.output("score").orElseThrow();
    assertThat(score.binCounts()).containsOnly(100L);
  }

  @Test
  void keepsFeaturesAsGivenForAnInputThatHoldsThemExactly() {
    ProfileBuilder builder = new ProfileBuilder(REGRESSOR, ProfileBuilder.Precision.EXACT);
    for (int i = 1; i <= 1_000; i++) {
      if (i % 100 != 0) {
        builder.add(Map.of("rain", i / 10.0), Map.of(), null, i);
      }
    }

    NumericReference rain =
        (NumericReference)
            builder.build("m", "1", Instant.EPOCH, Map.of()).feature("rain").orElseThrow();

    // The first test's edge, 9.9, as a float64 input receives it (and the gateway logs it).
    assertThat(rain.binEdges()[0]).isEqualTo(9.9).isNotEqualTo((double) 9.9f);
    assertThat(rain.max()).isEqualTo(99.9);
    assertThat(rain.binCounts()).containsOnly(99L);
  }

  @Test
  void keepsEveryFiniteValuePastTheFirstBufferFeaturesAsFloat32AndScoresAsGiven() {
    Random random = new Random(11);
    int rows = 5_000;
    ProfileBuilder builder = new ProfileBuilder(REGRESSOR);
    double[] rainValues = new double[rows];
    double[] scoreValues = new double[rows];
    int rainValid = 0;
    int scoreValid = 0;
    for (int i = 0; i < rows; i++) {
      Double value =
          switch (i % 50) {
            case 0 -> null;
            case 1 -> Double.NaN;
            case 2 -> Double.POSITIVE_INFINITY;
            default -> random.nextDouble() * 30;
          };
      double output = i % 70 == 0 ? Double.NaN : random.nextGaussian();
      Map<String, Double> row = new HashMap<>();
      row.put("rain", value);
      builder.add(row, Map.of(), null, output);

      Double float32 = value == null ? null : (double) value.floatValue();
      if (float32 != null && Double.isFinite(float32)) {
        rainValues[rainValid++] = float32;
      }
      if (Double.isFinite(output)) {
        scoreValues[scoreValid++] = output;
      }
    }
    ReferenceProfile profile = builder.build("m", "1", Instant.EPOCH, Map.of());

    // KLL compaction is randomized, so the sketches come from the profile; edges and counts are
    // exact and must be those of the values above.
    NumericReference builtRain = (NumericReference) profile.feature("rain").orElseThrow();
    NumericReference builtScore = (NumericReference) profile.output("score").orElseThrow();
    assertThat(builtRain.missing()).isEqualTo(100);
    assertThat(builtRain.invalid()).isEqualTo(200);
    assertThat(builtScore.invalid()).isEqualTo(72);
    ReferenceProfile expected =
        new ReferenceProfile(
            "m",
            "1",
            Instant.EPOCH,
            Map.of("rows", Integer.toString(rows)),
            List.of(
                NumericReference.exact(
                    "rain", builtRain.sketch(), Arrays.copyOf(rainValues, rainValid))),
            List.of(
                NumericReference.exact(
                    "score", builtScore.sketch(), Arrays.copyOf(scoreValues, scoreValid))));
    assertThat(ReferenceProfileCodec.encode(profile))
        .isEqualTo(ReferenceProfileCodec.encode(expected));
  }
}
