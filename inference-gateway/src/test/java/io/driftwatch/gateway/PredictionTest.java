package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.gateway.Prediction.OutputTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionTest {

  private static final long[] TWO_BY_TWO = {2, 2};

  @Test
  void readsEveryOutputArrayTypeRowMajor() {
    assertThat(
            new OutputTensor("y", TWO_BY_TWO, TensorDatatype.FP32, new float[] {1, 2, 3, 4.5f})
                .get(1, 1))
        .isEqualTo(4.5);
    assertThat(
            new OutputTensor("y", TWO_BY_TWO, TensorDatatype.FP64, new double[] {1, 2, 3.25, 4})
                .get(1, 0))
        .isEqualTo(3.25);
    assertThat(
            new OutputTensor("y", TWO_BY_TWO, TensorDatatype.UINT8, new int[] {1, 255, 3, 4})
                .get(0, 1))
        .isEqualTo(255);
    assertThat(
            new OutputTensor(
                    "y", TWO_BY_TWO, TensorDatatype.INT64, new long[] {1, 2, 3, (1L << 53) + 1})
                .get(1, 1))
        .isEqualTo(0x1p53);
    OutputTensor flags =
        new OutputTensor(
            "y", TWO_BY_TWO, TensorDatatype.BOOL, new boolean[] {true, false, false, true});
    assertThat(flags.get(0, 0)).isEqualTo(1);
    assertThat(flags.get(0, 1)).isEqualTo(0);
  }

  @Test
  void predictsTheMostProbableClassOfEachRowFirstOnTies() {
    Prediction prediction =
        new Prediction(
            new OutputTensor(
                "p", new long[] {3, 3}, new float[] {.2f, .7f, .1f, .4f, .4f, .2f, 0, 0, 1}),
            List.of("a", "b", "c"),
            0);

    assertThat(prediction.predictedClasses()).containsExactly("b", "a", "c");
    assertThat(prediction.score(0)).isEqualTo(.7f);
    assertThat(prediction.score(1)).isEqualTo(.4f);
  }

  @Test
  void aRegressorsScoreIsItsFirstColumn() {
    Prediction prediction =
        new Prediction(
            new OutputTensor("y", new long[] {2, 1}, TensorDatatype.FP64, new double[] {1.5, -2}),
            List.of(),
            0);

    assertThat(prediction.score(1)).isEqualTo(-2);
  }

  @Test
  void aClassifierWhoseOutputHoldsItsClassesPredictsThemWithNoScoreAndKeepsThemPerRequest() {
    Prediction names =
        new Prediction(
            new OutputTensor(
                "y", new long[] {3}, TensorDatatype.BYTES, new String[] {"cold", "hot", "hot"}),
            List.of("cold", "hot"),
            0);
    Prediction numbers =
        new Prediction(
            new OutputTensor(
                "y", new long[] {2, 1}, TensorDatatype.INT64, new long[] {(1L << 53) + 1, -7}),
            List.of("9007199254740993", "-7"),
            0);

    assertThat(names.holdsLabels()).isTrue();
    assertThat(names.predictedClasses()).containsExactly("cold", "hot", "hot");
    assertThat(names.score(0)).isNull();
    assertThat(names.probabilities(0)).isEmpty();
    assertThat(names.rows(1, 2).predictedClasses()).containsExactly("hot", "hot");
    assertThat(numbers.predictedClasses()).as("exact").containsExactly("9007199254740993", "-7");
    assertThatThrownBy(() -> names.output().get(0, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("y holds strings, not numbers");
  }

  @Test
  void anIntegerOutputOfARegressorIsAScoreNotAClass() {
    Prediction prediction =
        new Prediction(
            new OutputTensor("y", new long[] {1, 1}, TensorDatatype.INT64, new long[] {7}),
            List.of(),
            0);

    assertThat(prediction.holdsLabels()).isFalse();
    assertThat(prediction.score(0)).isEqualTo(7);
  }
}
