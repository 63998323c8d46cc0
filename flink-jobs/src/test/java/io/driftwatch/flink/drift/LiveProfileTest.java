package io.driftwatch.flink.drift;

import static io.driftwatch.flink.drift.DriftEvents.prediction;
import static io.driftwatch.flink.drift.DriftEvents.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.PredictionEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveProfileTest {

  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private final Random random = new Random(5);

  @Test
  void countsAFeatureAbsentFromSomeEventsAsMissingThere() {
    LiveProfile profile = LiveProfile.empty();
    add(profile, prediction(random, T, 0, false));
    Map<String, Double> withoutAge = new HashMap<>();
    withoutAge.put("age", null);
    add(
        profile,
        PredictionEvent.newBuilder(prediction(random, T, 0, false))
            .setNumericFeatures(withoutAge)
            .build());
    add(
        profile,
        PredictionEvent.newBuilder(prediction(random, T, 0, false))
            .setNumericFeatures(Map.of())
            .build());
    assertThat(FeatureRow.split(refused(T), 1)).as("refused requests have no row").isEmpty();

    assertThat(profile.rows()).isEqualTo(3);
    assertThat(profile.numericFeature("age").valid()).isEqualTo(1);
    assertThat(profile.numericFeature("age").missing()).isEqualTo(2);
    assertThat(profile.numericFeature("income").missing()).isEqualTo(3);
    assertThat(profile.categoricalOutput("class").valid()).isEqualTo(3);
  }

  @Test
  void mergingTwoProfilesEqualsAddingAllEventsToOne() {
    LiveProfile all = LiveProfile.empty();
    LiveProfile left = LiveProfile.empty();
    LiveProfile right = LiveProfile.empty();
    for (int i = 0; i < 400; i++) {
      PredictionEvent event = prediction(random, T, 0, i % 3 == 0);
      add(all, event);
      add(i < 150 ? left : right, event);
    }

    left.merge(right);

    assertThat(left.rows()).isEqualTo(all.rows());
    assertThat(left.numericFeature("age").sketch().getMaxItem())
        .isEqualTo(all.numericFeature("age").sketch().getMaxItem());
    assertThat(left.categoricalFeature("plan").frequencies())
        .isEqualTo(all.categoricalFeature("plan").frequencies());
  }

  @Test
  void roundTripsThroughItsBytes() {
    LiveProfile profile = LiveProfile.empty();
    for (int i = 0; i < 1_000; i++) {
      add(profile, prediction(random, T, 0, false));
    }

    LiveProfile copy = LiveProfile.fromByteArray(profile.toByteArray());

    assertThat(copy.toByteArray()).isEqualTo(profile.toByteArray());
    assertThat(copy.numericOutput("score").valid()).isEqualTo(1_000);
  }

  private static void add(LiveProfile profile, PredictionEvent event) {
    profile.add(FeatureRow.split(event, 1).get(0));
  }

  @Test
  void rejectsBytesOfAnotherFormat() {
    assertThatThrownBy(() -> LiveProfile.fromByteArray(new byte[] {9, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 9");
    assertThatThrownBy(() -> LiveProfile.fromByteArray(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }
}
