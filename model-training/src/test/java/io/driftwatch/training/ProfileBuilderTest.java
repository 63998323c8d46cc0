package io.driftwatch.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.ReferenceProfile;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
}
