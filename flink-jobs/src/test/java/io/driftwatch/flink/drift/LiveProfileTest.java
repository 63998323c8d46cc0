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

  @Test
  void keepsEachColumnApartWhenLayoutsAlternateAndCopiesGoOnAlone() {
    Map<String, Double> ageOnly = new HashMap<>(Map.of("age", 30.0));
    Map<String, Double> incomeThenAge = new java.util.LinkedHashMap<>();
    incomeThenAge.put("income", 1000.0);
    incomeThenAge.put("age", 60.0);
    PredictionEvent first =
        PredictionEvent.newBuilder(prediction(random, T, 0, false))
            .setNumericFeatures(ageOnly)
            .build();
    PredictionEvent second =
        PredictionEvent.newBuilder(prediction(random, T, 0, false))
            .setNumericFeatures(incomeThenAge)
            .build();
    FeatureRow a = DriftEvents.rows(first, 1).get(0);
    FeatureRow b = DriftEvents.rows(second, 1).get(0);
    LiveProfile profile = LiveProfile.empty();
    for (int i = 0; i < 10; i++) {
      FeatureRow row = i < 3 || i % 2 == 0 ? a : b;
      profile.add(row.layout(), row, ReferenceBins.NONE);
    }
    LiveProfile copy = profile.copy();
    copy.add(b.layout(), b, ReferenceBins.NONE);
    profile.add(a.layout(), a, ReferenceBins.NONE);

    // Rows 0-2 and the even ones are "a" (age 30): 0, 1, 2, 4, 6, 8, then one more after the copy.
    assertThat(profile.numericFeature("age").valid()).isEqualTo(11);
    assertThat(profile.numericFeature("age").min()).isEqualTo(30.0);
    assertThat(profile.numericFeature("age").max()).isEqualTo(60.0);
    assertThat(profile.numericFeature("income").valid()).isEqualTo(4);
    assertThat(profile.numericFeature("income").max()).isEqualTo(1000.0);
    assertThat(profile.numericFeature("income").missing()).isEqualTo(7);
    assertThat(copy.numericFeature("income").valid())
        .as("the copy alone got one more b")
        .isEqualTo(5);
    assertThat(copy.numericFeature("age").valid()).isEqualTo(11);
    assertThat(copy.rows()).isEqualTo(11);
  }

  @Test
  void countsOutputsOfEveryRowWhenLayoutsAlternateAndCreatesThemWithTheirFirstValue() {
    ReferenceBins scoreEdges =
        new ReferenceBins(Map.of(), Map.of("score", new double[] {0.6, 0.7, 0.8, 0.9}));
    FeatureRow noOutputs = row(Map.of("age", 30.0), null, null);
    FeatureRow a = row(Map.of("age", 30.0), "yes", 0.65);
    Map<String, Double> incomeThenAge = new java.util.LinkedHashMap<>();
    incomeThenAge.put("income", 1000.0);
    incomeThenAge.put("age", 60.0);
    FeatureRow b = row(incomeThenAge, "no", 0.95);
    LiveProfile profile = LiveProfile.empty();
    // Layout "a" is resolved before any output exists; the first scored row creates the columns.
    profile.add(noOutputs.layout(), noOutputs, ReferenceBins.NONE);
    profile.add(noOutputs.layout(), noOutputs, ReferenceBins.NONE);
    for (int i = 0; i < 10; i++) {
      FeatureRow row = i % 2 == 0 ? a : b;
      profile.add(row.layout(), row, scoreEdges);
    }
    LiveProfile copy = profile.copy();
    copy.add(b.layout(), b, scoreEdges);
    profile.add(a.layout(), a, scoreEdges);

    assertThat(profile.rows()).isEqualTo(13);
    assertThat(profile.categoricalOutput("class").missing()).isEqualTo(2);
    assertThat(profile.categoricalOutput("class").frequencies())
        .containsExactlyInAnyOrderEntriesOf(Map.of("yes", 6L, "no", 5L));
    assertThat(profile.numericOutput("score").valid()).isEqualTo(11);
    assertThat(profile.numericOutput("score").missing()).isEqualTo(2);
    assertThat(profile.numericOutputBins("score").counts())
        .as("edges were known at the first score")
        .containsExactly(0, 6, 0, 0, 5);
    assertThat(copy.categoricalOutput("class").frequencies())
        .as("the copy alone got one more b")
        .containsExactlyInAnyOrderEntriesOf(Map.of("yes", 5L, "no", 6L));
    assertThat(copy.numericOutputBins("score").counts()).containsExactly(0, 5, 0, 0, 6);
  }

  @Test
  void keepsTheScoreSketchOnlyWhenItsEdgesArriveAfterItsFirstValue() {
    FeatureRow row = row(Map.of("age", 30.0), "yes", 0.65);
    ReferenceBins scoreEdges =
        new ReferenceBins(Map.of(), Map.of("score", new double[] {0.6, 0.7, 0.8, 0.9}));
    LiveProfile profile = LiveProfile.empty();
    profile.add(row.layout(), row, ReferenceBins.NONE);
    profile.add(row.layout(), row, scoreEdges);

    assertThat(profile.numericOutput("score").valid()).isEqualTo(2);
    assertThat(profile.numericOutputBins("score")).isNull();
  }

  private FeatureRow row(Map<String, Double> numeric, String predictedClass, Double score) {
    PredictionEvent event =
        PredictionEvent.newBuilder(prediction(random, T, 0, false))
            .setNumericFeatures(numeric)
            .setPredictedClass(predictedClass)
            .setScore(score)
            .build();
    return DriftEvents.rows(event, 1).get(0);
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
