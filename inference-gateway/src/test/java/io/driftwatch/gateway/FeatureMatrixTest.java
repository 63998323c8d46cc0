package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.schemas.repository.ModelDescriptor.Feature;
import io.driftwatch.schemas.repository.ModelDescriptor.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeatureMatrixTest {

  private static final ModelDescriptor RAIN_OR_SUN =
      new ModelDescriptor(
          ModelDescriptor.Task.CLASSIFICATION,
          "input",
          "output",
          List.of(new Feature("precipitation", Kind.NUMERIC), new Feature("wind", Kind.NUMERIC)),
          List.of("rain", "sun"),
          Map.of());

  private static InputTensor tensor(String name, long[] shape, double... data) {
    return new InputTensor(name, shape, TensorDatatype.FP64, data);
  }

  private static FeatureMatrix assemble(InputTensor... inputs) {
    return FeatureMatrix.from(
        new InferRequest(Optional.empty(), List.of(inputs), List.of()), RAIN_OR_SUN);
  }

  @Test
  void takesTheWholeInputTensorAsRows() {
    FeatureMatrix matrix = assemble(tensor("input", new long[] {2, 2}, 1, 2, 3, 4));

    assertThat(matrix.rows()).isEqualTo(2);
    assertThat(matrix.columns()).isEqualTo(2);
    assertThat(matrix.shape()).containsExactly(2, 2);
    assertThat(matrix.get(1, 0)).isEqualTo(3f);
  }

  @Test
  void concatenatesTheRowsOfSeveralRequestsInOrderForOneBatchedCall() {
    FeatureMatrix first = assemble(tensor("input", new long[] {1, 2}, 1, 2));
    FeatureMatrix second = assemble(tensor("input", new long[] {2, 2}, 3, 4, 5, 6));

    FeatureMatrix batch = FeatureMatrix.concat(List.of(first, second));

    assertThat(batch.shape()).containsExactly(3, 2);
    assertThat(batch.get(0, 1)).isEqualTo(2f);
    assertThat(batch.get(2, 0)).isEqualTo(5f);
  }

  @Test
  void aBatchedPredictionHandsEachRequestItsOwnRows() {
    Prediction batch =
        new Prediction(
            new Prediction.OutputTensor(
                "output", new long[] {3, 2}, new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.3f, 0.7f}),
            List.of("rain", "sun"),
            50_000);

    Prediction second = batch.rows(1, 2);

    assertThat(second.output().shape()).containsExactly(2, 2);
    assertThat(second.predictedClasses()).containsExactly("sun", "sun");
    assertThat(second.output().get(1, 0)).isEqualTo(0.3f);
    assertThat(second.computeNanos()).as("the whole batch's model time").isEqualTo(50_000);
  }

  @Test
  void placesPerFeatureInputsInDescriptorColumnOrderWhateverTheRequestOrder() {
    FeatureMatrix matrix =
        assemble(
            tensor("wind", new long[] {2, 1}, 7, 8), tensor("precipitation", new long[] {2}, 0, 1));

    assertThat(matrix.get(0, 0)).isEqualTo(0f);
    assertThat(matrix.get(0, 1)).isEqualTo(7f);
    assertThat(matrix.get(1, 0)).isEqualTo(1f);
    assertThat(matrix.get(1, 1)).isEqualTo(8f);
  }

  @Test
  void refusesAnUnknownInputNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> assemble(tensor("temperature", new long[] {1}, 1)))
        .isInstanceOf(GatewayException.class)
        .hasMessage(
            "unknown input 'temperature': send 'input' with shape [N, 2] or one input per feature"
                + " of [precipitation, wind]");
  }

  @Test
  void refusesAMissingFeature() {
    assertThatThrownBy(() -> assemble(tensor("wind", new long[] {1}, 1)))
        .hasMessage("missing input for feature 'precipitation'");
  }

  @Test
  void refusesAWholeTensorOfTheWrongWidth() {
    assertThatThrownBy(() -> assemble(tensor("input", new long[] {1, 3}, 1, 2, 3)))
        .hasMessage(
            "input 'input' has shape [1, 3], expected [N, 2] with columns [precipitation, wind]");
    assertThatThrownBy(() -> assemble(tensor("input", new long[] {2}, 1, 2)))
        .hasMessageContaining("expected [N, 2]");
  }

  @Test
  void refusesFeatureInputsOfDifferentLengthsOrWidths() {
    assertThatThrownBy(
            () ->
                assemble(
                    tensor("precipitation", new long[] {2}, 1, 2),
                    tensor("wind", new long[] {1}, 1)))
        .hasMessage("input 'wind' has 1 rows but the other features have 2");
    assertThatThrownBy(
            () ->
                assemble(
                    tensor("precipitation", new long[] {1, 2}, 1, 2),
                    tensor("wind", new long[] {1}, 1)))
        .hasMessage("input 'precipitation' has shape [1, 2], expected [N] or [N, 1]");
  }

  @Test
  void refusesTheWholeTensorMixedWithFeatureInputs() {
    assertThatThrownBy(
            () ->
                assemble(
                    tensor("input", new long[] {1, 2}, 1, 2), tensor("wind", new long[] {1}, 1)))
        .hasMessageContaining("send it alone");
  }

  @Test
  void refusesAnEmptyBatch() {
    assertThatThrownBy(() -> assemble(tensor("input", new long[] {0, 2})))
        .hasMessage("the request holds no rows (batch size 0)");
  }
}
