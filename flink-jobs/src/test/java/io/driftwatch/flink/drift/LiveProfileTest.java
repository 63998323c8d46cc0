package io.driftwatch.flink.drift;

import static io.driftwatch.flink.drift.DriftEvents.prediction;
import static io.driftwatch.flink.drift.DriftEvents.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.stats.profile.BinCounts;
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
    assertThat(DriftEvents.rows(refused(T), 1)).as("refused requests have no row").isEmpty();

    assertThat(profile.rows()).isEqualTo(3);
    assertThat(profile.numericFeature("age").valid()).isEqualTo(1);
    assertThat(profile.numericFeature("age").missing()).isEqualTo(2);
    assertThat(profile.numericFeature("income").missing()).isEqualTo(3);
    assertThat(profile.categoricalOutput("class").valid()).isEqualTo(3);
  }

  @Test
  void countsValuesIntoExactBinsOnlyForColumnsWhoseEdgesWereKnownAtTheirFirstValue() {
    ReferenceBins bins = new ReferenceBins(Map.of("age", new double[] {30, 40, 50}), Map.of());
    LiveProfile profile = LiveProfile.empty();
    for (int i = 0; i < 500; i++) {
      FeatureRow row = DriftEvents.rows(prediction(random, T, 0, false), 1).get(0);
      profile.add(row.layout(), row, bins);
    }

    BinCounts age = profile.numericFeatureBins("age");
    assertThat(age.total()).isEqualTo(500);
    assertThat(age.counts()).hasSize(4);
    for (long n : age.counts()) {
      assertThat(n).isBetween(50L, 200L);
    }
    assertThat(profile.numericOutputBins("score")).as("no edges for score given").isNull();
    assertThat(LiveProfile.fromByteArray(profile.toByteArray()).numericFeatureBins("age").counts())
        .containsExactly(age.counts());
  }

  @Test
  void readsTheFormerFormatWithoutBins() {
    byte[] formatOne = new byte[1 + 8 + 4 * 4];
    formatOne[0] = 1;
    formatOne[8] = 7;

    LiveProfile profile = LiveProfile.fromByteArray(formatOne);

    assertThat(profile.rows()).isEqualTo(7);
    assertThat(profile.closed()).isFalse();
    assertThat(profile.numericFeatureBins("age")).isNull();
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
    FeatureRow row = DriftEvents.rows(event, 1).get(0);
    profile.add(row.layout(), row, ReferenceBins.NONE);
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
