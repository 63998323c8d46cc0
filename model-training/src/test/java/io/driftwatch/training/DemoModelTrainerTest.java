package io.driftwatch.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoModelTrainerTest {

  private static final List<WeatherObservation> SEATTLE = WeatherDataset.bundled().seattle();

  @Test
  void beatsAlwaysPredictingTheMostCommonLabelOnHeldOutRows() {
    // Seattle's most common label (rain, 641 of 1461 days) alone would score about 0.44.
    TrainedClassifier classifier = train(TrainingSettings.DEFAULT_SEED);

    assertThat(classifier.testRows()).isEqualTo(292);
    assertThat(classifier.trainingRows()).isEqualTo(1461 - 292);
    assertThat(classifier.testAccuracy()).isGreaterThan(0.75);
  }

  @Test
  void usesTheFourWeatherFeaturesAndTheFiveLabels() {
    TrainedClassifier classifier = train(TrainingSettings.DEFAULT_SEED);

    assertThat(classifier.featureNames())
        .containsExactlyInAnyOrderElementsOf(WeatherObservation.FEATURE_NAMES);
    assertThat(classifier.classLabels())
        .containsExactlyInAnyOrder("drizzle", "fog", "rain", "snow", "sun");
  }

  @Test
  void sameSeedGivesTheSameWeights() {
    TrainedClassifier first = train(7);
    TrainedClassifier second = train(7);

    assertThat(second.model().getWeightsCopy()).isEqualTo(first.model().getWeightsCopy());
    assertThat(second.testAccuracy()).isEqualTo(first.testAccuracy());
  }

  @Test
  void anotherSeedGivesOtherWeights() {
    assertThat(train(8).model().getWeightsCopy()).isNotEqualTo(train(7).model().getWeightsCopy());
  }

  @Test
  void probabilitiesFollowTheClassLabelOrderAndSumToOne() {
    TrainedClassifier classifier = train(TrainingSettings.DEFAULT_SEED);
    WeatherObservation heavyRain = SEATTLE.get(3); // 2012-01-04, 20.3 mm

    double[] probabilities = classifier.probabilities(heavyRain);

    assertThat(probabilities).hasSize(5);
    assertThat(java.util.Arrays.stream(probabilities).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      best = probabilities[i] > probabilities[best] ? i : best;
    }
    assertThat(classifier.classLabels().get(best)).isEqualTo("rain");
  }

  @Test
  void refusesTooFewRows() {
    DemoModelTrainer trainer =
        new DemoModelTrainer(TrainingSettings.defaults(TrainingSettings.DEFAULT_SEED));

    assertThatThrownBy(() -> trainer.train(SEATTLE.subList(0, 9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 10");
  }

  @Test
  void settingsErrorsNameTheKey() {
    assertThatThrownBy(() -> new TrainingSettings(0, 0.1, 0.1, 1, 0.2, 1))
        .hasMessageStartingWith("epochs:");
    assertThatThrownBy(() -> new TrainingSettings(5, -1, 0.1, 1, 0.2, 1))
        .hasMessageStartingWith("learning_rate:");
    assertThatThrownBy(() -> new TrainingSettings(5, 0.1, 0.1, 1, 0.9, 1))
        .hasMessageStartingWith("test_fraction:");
  }

  private static TrainedClassifier train(long seed) {
    return new DemoModelTrainer(TrainingSettings.defaults(seed)).train(SEATTLE);
  }

  @Test
  void learnsALabelOnlyOneRowHasWhereverTheSplitPutsIt() {
    java.util.List<WeatherObservation> rows = new java.util.ArrayList<>();
    java.time.LocalDate day = java.time.LocalDate.of(2015, 1, 1);
    for (int i = 0; i < 40; i++) {
      boolean wet = i % 2 == 0;
      rows.add(
          new WeatherObservation(
              "Seattle",
              day.plusDays(i),
              wet ? 8 + i % 3 : 0,
              10 + i % 5,
              2 + i % 3,
              3 + i % 4,
              wet ? "rain" : "sun"));
    }
    rows.add(new WeatherObservation("Seattle", day.plusDays(40), 0, 4, 1, 0.5, "fog"));

    for (long seed = 0; seed < 40; seed++) {
      TrainedClassifier classifier =
          new DemoModelTrainer(TrainingSettings.defaults(seed)).train(rows);
      org.assertj.core.api.Assertions.assertThat(classifier.classLabels())
          .as("seed %d", seed)
          .containsExactlyInAnyOrder("rain", "sun", "fog");
      org.assertj.core.api.Assertions.assertThat(classifier.trainingRows() + classifier.testRows())
          .isEqualTo(41);
    }
  }
}
