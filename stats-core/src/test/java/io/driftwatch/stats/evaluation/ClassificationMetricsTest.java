package io.driftwatch.stats.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  private static final double EXACT = 1e-12;

  /**
   * Rows actual, columns predicted (cat, dog, bird): cat 5 2 1, dog 1 6 0, bird 0 1 3. Column sums
   * (predicted) 6 9 4, row sums (support) 8 7 4, diagonal 14 of 19.
   */
  private static ClassificationMetrics catsDogsAndBirds() {
    ClassificationMetrics metrics = ClassificationMetrics.empty();
    addTimes(metrics, "cat", "cat", 5);
    addTimes(metrics, "dog", "cat", 2);
    addTimes(metrics, "bird", "cat", 1);
    addTimes(metrics, "cat", "dog", 1);
    addTimes(metrics, "dog", "dog", 6);
    addTimes(metrics, "dog", "bird", 1);
    addTimes(metrics, "bird", "bird", 3);
    return metrics;
  }

  private static void addTimes(
      ClassificationMetrics metrics, String predicted, String actual, int times) {
    for (int i = 0; i < times; i++) {
      metrics.add(predicted, actual);
    }
  }

  @Test
  void computesAccuracyAndMacroAveragesOfAHandCountedConfusionMatrix() {
    ClassificationMetrics metrics = catsDogsAndBirds();

    assertThat(metrics.count()).isEqualTo(19);
    assertThat(metrics.correct()).isEqualTo(14);
    assertThat(metrics.accuracy()).isCloseTo(14.0 / 19, within(EXACT));
    // precision 5/6, 6/9, 3/4; recall 5/8, 6/7, 3/4; F1 10/14, 12/16, 6/8
    assertThat(metrics.macroPrecision())
        .isCloseTo((5.0 / 6 + 6.0 / 9 + 3.0 / 4) / 3, within(EXACT));
    assertThat(metrics.macroRecall()).isCloseTo((5.0 / 8 + 6.0 / 7 + 3.0 / 4) / 3, within(EXACT));
    assertThat(metrics.macroF1()).isCloseTo((10.0 / 14 + 12.0 / 16 + 6.0 / 8) / 3, within(EXACT));
  }

  @Test
  void reportsOneVersusRestCountsPerClassInOrderOfFirstAppearance() {
    ClassificationMetrics metrics = catsDogsAndBirds();

    assertThat(metrics.labels()).containsExactly("cat", "dog", "bird");
    assertThat(metrics.perClass())
        .containsEntry("cat", new ClassCounts(5, 1, 3))
        .containsEntry("dog", new ClassCounts(6, 3, 1))
        .containsEntry("bird", new ClassCounts(3, 1, 1));
    assertThat(metrics.perClass().get("cat").support()).isEqualTo(8);
    assertThat(metrics.count("dog", "cat")).isEqualTo(2);
    assertThat(metrics.count("cat", "bird")).isZero();
    assertThat(metrics.count("fox", "cat")).isZero();
  }

  @Test
  void countsZeroOverZeroPrecisionAndRecallAsZeroInMacroAverages() {
    ClassificationMetrics metrics = ClassificationMetrics.empty();
    metrics.add("a", "a");
    metrics.add("b", "a"); // b was predicted once and never occurred: recall 0/0

    // a: P 1, R 1/2, F1 2/3; b: P 0/1, R 0/0 -> 0, F1 0
    assertThat(metrics.macroPrecision()).isCloseTo(0.5, within(EXACT));
    assertThat(metrics.macroRecall()).isCloseTo(0.25, within(EXACT));
    assertThat(metrics.macroF1()).isCloseTo(1.0 / 3, within(EXACT));
  }

  @Test
  void emptyMetricsHaveNoAccuracyNorAuc() {
    ClassificationMetrics metrics = ClassificationMetrics.empty();

    assertThat(metrics.accuracy()).isNaN();
    assertThat(metrics.macroF1()).isNaN();
    assertThat(metrics.auc()).isNaN();
  }

  @Test
  void aucEqualsTheMannWhitneyCountOfAHandCheckedExample() {
    // positives 0.9 0.8 0.4 0.4, negatives 0.7 0.4 0.2: 3 + 3 + 1.5 + 1.5 = 9 of 12 pairs.
    ClassificationMetrics metrics = ClassificationMetrics.empty();
    for (double score : new double[] {0.9, 0.8, 0.4, 0.4}) {
      metrics.addScore(score, true);
    }
    for (double score : new double[] {0.7, 0.4, 0.2}) {
      metrics.addScore(score, false);
    }

    assertThat(metrics.auc()).isCloseTo(0.75, within(EXACT));
  }

  @Test
  void aucIsExactWhileTheSketchesHoldEveryScore() {
    SplittableRandom random = new SplittableRandom(3);
    double[] positives = new double[150];
    double[] negatives = new double[180];
    ClassificationMetrics metrics = ClassificationMetrics.empty();
    for (int i = 0; i < positives.length; i++) {
      positives[i] = Math.round(random.nextDouble() * 20 + 5) / 20.0; // coarse: many ties
      metrics.addScore(positives[i], true);
    }
    for (int i = 0; i < negatives.length; i++) {
      negatives[i] = Math.round(random.nextDouble() * 20) / 20.0;
      metrics.addScore(negatives[i], false);
    }

    assertThat(metrics.auc()).isCloseTo(exactAuc(positives, negatives), within(EXACT));
  }

  @Test
  void aucStaysWithinTheDocumentedErrorOnceTheSketchesCompact() {
    SplittableRandom random = new SplittableRandom(17);
    double[] positives = new double[40_000];
    double[] negatives = new double[60_000];
    ClassificationMetrics metrics = ClassificationMetrics.empty();
    for (int i = 0; i < positives.length; i++) {
      positives[i] = gaussian(random) + 1;
      metrics.addScore(positives[i], true);
    }
    for (int i = 0; i < negatives.length; i++) {
      negatives[i] = gaussian(random);
      metrics.addScore(negatives[i], false);
    }

    double exact = exactAuc(positives, negatives);
    assertThat(exact).isCloseTo(0.76, within(0.01)); // Φ(1/√2) = 0.760
    assertThat(metrics.auc()).isCloseTo(exact, within(ClassificationMetrics.AUC_ERROR));
    // The bound is a worst case; KLL compacts at random (unseeded), so a tighter check would be
    // flaky: measured differences ranged from 3e-5 to 3e-3.
    assertThat(ClassificationMetrics.AUC_ERROR).isCloseTo(0.0266, within(0.0005));
  }

  @Test
  void aucNeedsBothPositiveAndNegativeScores() {
    ClassificationMetrics metrics = ClassificationMetrics.empty();
    metrics.addScore(0.9, true);
    metrics.addScore(0.3, true);

    assertThat(metrics.auc()).isNaN();
  }

  @Test
  void mergingEqualsAddingEverythingToOne() {
    SplittableRandom random = new SplittableRandom(23);
    String[] labels = {"a", "b", "c", "d"};
    ClassificationMetrics all = ClassificationMetrics.empty();
    ClassificationMetrics first = ClassificationMetrics.empty();
    ClassificationMetrics second = ClassificationMetrics.empty();
    for (int i = 0; i < 500; i++) {
      String actual = labels[random.nextInt(i < 250 ? 2 : 4)];
      String predicted = random.nextDouble() < 0.7 ? actual : labels[random.nextInt(4)];
      double score = random.nextDouble();
      boolean positive = random.nextBoolean();
      ClassificationMetrics half = i < 250 ? first : second;
      half.add(predicted, actual);
      all.add(predicted, actual);
      if (i % 3 == 0) { // few enough scores that neither sketch compacts: merge is then exact
        half.addScore(score, positive);
        all.addScore(score, positive);
      }
    }
    byte[] secondBefore = second.toByteArray();

    first.merge(second);

    assertThat(first.count()).isEqualTo(500);
    assertThat(first.perClass()).isEqualTo(all.perClass());
    assertThat(first.accuracy()).isEqualTo(all.accuracy());
    assertThat(first.macroF1()).isCloseTo(all.macroF1(), within(EXACT));
    assertThat(first.auc()).isCloseTo(all.auc(), within(EXACT));
    assertThat(second.toByteArray()).isEqualTo(secondBefore);
  }

  @Test
  void mergingWithItselfDoublesEveryCount() {
    ClassificationMetrics metrics = catsDogsAndBirds();

    metrics.merge(metrics);

    assertThat(metrics.count()).isEqualTo(38);
    assertThat(metrics.perClass().get("cat")).isEqualTo(new ClassCounts(10, 2, 6));
  }

  @Test
  void roundTripsThroughItsByteFormat() {
    ClassificationMetrics original = catsDogsAndBirds();
    original.add("ünïcödé", "cat");
    original.addScore(0.8, true);
    original.addScore(0.3, false);

    ClassificationMetrics restored = ClassificationMetrics.fromByteArray(original.toByteArray());

    assertThat(restored.labels()).isEqualTo(original.labels());
    assertThat(restored.perClass()).isEqualTo(original.perClass());
    assertThat(restored.count()).isEqualTo(20);
    assertThat(restored.auc()).isEqualTo(1.0);
    assertThat(restored.positiveScores()).isEqualTo(1);
    assertThat(restored.negativeScores()).isEqualTo(1);
  }

  @Test
  void copyIsIndependentOfTheOriginal() {
    ClassificationMetrics original = catsDogsAndBirds();

    ClassificationMetrics copy = original.copy();
    copy.add("cat", "cat");

    assertThat(original.count()).isEqualTo(19);
    assertThat(copy.count()).isEqualTo(20);
  }

  @Test
  void refusesNullLabelsAndNonFiniteScores() {
    ClassificationMetrics metrics = ClassificationMetrics.empty();

    assertThatThrownBy(() -> metrics.add(null, "a")).hasMessageContaining("predicted");
    assertThatThrownBy(() -> metrics.add("a", null)).hasMessageContaining("actual");
    assertThatThrownBy(() -> metrics.addScore(Double.NaN, true))
        .hasMessageContaining("positiveScore");
    assertThat(metrics.count()).isZero();
  }

  @Test
  void refusesUnknownFormatAndTruncatedBytes() {
    byte[] bytes = catsDogsAndBirds().toByteArray();
    byte[] wrongFormat = bytes.clone();
    wrongFormat[0] = 9;

    assertThatThrownBy(() -> ClassificationMetrics.fromByteArray(wrongFormat))
        .hasMessageContaining("unknown classification metrics format 9");
    assertThatThrownBy(() -> ClassificationMetrics.fromByteArray(Arrays.copyOf(bytes, 30)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Mann–Whitney over all pairs, ties counting one half. */
  private static double exactAuc(double[] positives, double[] negatives) {
    double[] sorted = negatives.clone();
    Arrays.sort(sorted);
    double wins = 0;
    for (double score : positives) {
      int below = lowerBound(sorted, score);
      int atOrBelow = upperBound(sorted, score);
      wins += below + (atOrBelow - below) / 2.0;
    }
    return wins / ((double) positives.length * negatives.length);
  }

  private static int lowerBound(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static int upperBound(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static double gaussian(SplittableRandom random) {
    // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
