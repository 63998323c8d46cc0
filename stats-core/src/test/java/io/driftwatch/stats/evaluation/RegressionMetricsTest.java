package io.driftwatch.stats.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

  private static final double EXACT = 1e-12;

  /** Errors 2, −1, 0, −4: |e| 2 1 0 4, e² 4 1 0 16. */
  private static RegressionMetrics fourPredictions() {
    RegressionMetrics metrics = RegressionMetrics.empty();
    metrics.add(3, 1);
    metrics.add(1, 2);
    metrics.add(5, 5);
    metrics.add(0, 4);
    return metrics;
  }

  @Test
  void computesRmseMaeAndBiasOfHandCheckedErrors() {
    RegressionMetrics metrics = fourPredictions();

    assertThat(metrics.count()).isEqualTo(4);
    assertThat(metrics.rmse()).isCloseTo(Math.sqrt(21.0 / 4), within(EXACT));
    assertThat(metrics.mae()).isCloseTo(1.75, within(EXACT));
    assertThat(metrics.meanError()).isCloseTo(-0.75, within(EXACT));
    // deviations of |e| from 1.75: 0.25 −0.75 −1.75 2.25, squares sum to 8.75, / (4 − 1)
    assertThat(metrics.absoluteErrorVariance()).isCloseTo(8.75 / 3, within(EXACT));
  }

  @Test
  void emptyMetricsHaveNoValuesAndOneValueHasNoVariance() {
    RegressionMetrics metrics = RegressionMetrics.empty();
    assertThat(metrics.rmse()).isNaN();
    assertThat(metrics.mae()).isNaN();

    metrics.add(2, 1);

    assertThat(metrics.mae()).isEqualTo(1);
    assertThat(metrics.absoluteErrorVariance()).isNaN();
  }

  @Test
  void mergingEqualsAddingEverythingToOne() {
    SplittableRandom random = new SplittableRandom(5);
    RegressionMetrics all = RegressionMetrics.empty();
    RegressionMetrics first = RegressionMetrics.empty();
    RegressionMetrics second = RegressionMetrics.empty();
    for (int i = 0; i < 1000; i++) {
      double actual = random.nextDouble() * 100;
      double predicted = actual + (random.nextDouble() - 0.3) * (i < 300 ? 2 : 10);
      (i < 300 ? first : second).add(predicted, actual);
      all.add(predicted, actual);
    }

    first.merge(second);

    assertThat(first.count()).isEqualTo(1000);
    assertThat(first.rmse()).isCloseTo(all.rmse(), within(1e-9));
    assertThat(first.mae()).isCloseTo(all.mae(), within(1e-9));
    assertThat(first.meanError()).isCloseTo(all.meanError(), within(1e-9));
    assertThat(first.absoluteErrorVariance()).isCloseTo(all.absoluteErrorVariance(), within(1e-9));
    assertThat(second.count()).isEqualTo(700);
  }

  @Test
  void mergingIntoEmptyCopiesTheOther() {
    RegressionMetrics empty = RegressionMetrics.empty();

    empty.merge(fourPredictions());

    assertThat(empty.toByteArray()).isEqualTo(fourPredictions().toByteArray());
  }

  @Test
  void roundTripsThroughItsByteFormat() {
    RegressionMetrics original = fourPredictions();

    RegressionMetrics restored = RegressionMetrics.fromByteArray(original.toByteArray());

    assertThat(restored.toByteArray()).hasSize(41).isEqualTo(original.toByteArray());
    assertThat(restored.rmse()).isEqualTo(original.rmse());
    assertThat(restored.absoluteErrorVariance()).isEqualTo(original.absoluteErrorVariance());
  }

  @Test
  void copyIsIndependentOfTheOriginal() {
    RegressionMetrics original = fourPredictions();

    RegressionMetrics copy = original.copy();
    copy.add(10, 0);

    assertThat(original.count()).isEqualTo(4);
    assertThat(copy.count()).isEqualTo(5);
  }

  @Test
  void refusesNonFiniteValuesAndForeignBytes() {
    RegressionMetrics metrics = RegressionMetrics.empty();

    assertThatThrownBy(() -> metrics.add(Double.NaN, 1)).hasMessageContaining("predicted");
    assertThatThrownBy(() -> metrics.add(1, Double.POSITIVE_INFINITY))
        .hasMessageContaining("actual");
    assertThat(metrics.count()).isZero();
    assertThatThrownBy(() -> RegressionMetrics.fromByteArray(new byte[] {1, 2, 3}))
        .hasMessageContaining("truncated regression metrics");
    assertThatThrownBy(() -> RegressionMetrics.fromByteArray(new byte[41]))
        .hasMessageContaining("unknown regression metrics format 0");
  }
}
