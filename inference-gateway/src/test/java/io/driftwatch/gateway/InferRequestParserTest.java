package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class InferRequestParserTest {

  private final InferRequestParser parser = new InferRequestParser(new ObjectMapper());

  private InferRequest parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private AbstractThrowableAssert<?, ? extends Throwable> refusing(String json) {
    return assertThatThrownBy(() -> parse(json))
        .isInstanceOf(GatewayException.class)
        .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
  }

  @Test
  void readsIdInputsAndRequestedOutputs() {
    InferRequest request =
        parse(
            """
            {"id": "r-1",
             "inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP32", "data": [1, 2, 3, 4.5]}],
             "outputs": [{"name": "label"}]}
            """);

    assertThat(request.id()).contains("r-1");
    assertThat(request.inputs()).hasSize(1);
    InputTensor x = request.inputs().get(0);
    assertThat(x.name()).isEqualTo("x");
    assertThat(x.shape()).containsExactly(2, 2);
    assertThat(x.datatype()).isEqualTo(TensorDatatype.FP32);
    assertThat(x.data()).containsExactly(1, 2, 3, 4.5);
    assertThat(request.requestedOutputs()).containsExactly("label");
  }

  @Test
  void flattensNestedDataRowMajor() {
    InferRequest request =
        parse(
            """
            {"inputs": [{"name": "x", "shape": [2, 3], "datatype": "INT64",
                         "data": [[1, 2, 3], [4, 5, 6]]}]}
            """);

    assertThat(request.id()).isEqualTo(Optional.empty());
    assertThat(request.inputs().get(0).data()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(request.requestedOutputs()).isEmpty();
  }

  @Test
  void refusesMalformedJsonSayingWhere() {
    refusing("{\"inputs\": [").hasMessageStartingWith("malformed JSON at line 1");
    refusing("").hasMessageContaining("body is empty");
    refusing("[1]").hasMessage("infer request must be a JSON object");
  }

  @Test
  void refusesMissingOrEmptyInputs() {
    refusing("{}").hasMessage("inputs must be a non-empty array");
    refusing("{\"inputs\": []}").hasMessage("inputs must be a non-empty array");
    refusing("{\"inputs\": [{\"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}")
        .hasMessage("inputs[0].name must be a non-empty string");
  }

  @Test
  void refusesMissingData() {
    refusing("{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\"}]}")
        .hasMessage("input 'x': data is required");
  }

  @Test
  void refusesUnsupportedOrUnknownDatatypesListingTheAcceptedOnes() {
    refusing(
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"a\"]}]}")
        .hasMessage(
            "input 'x': datatype BYTES is not supported, use one of FP32, FP64, INT32, INT64");
    refusing(
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FLOAT\", \"data\": [1]}]}")
        .hasMessageContaining("datatype FLOAT is not supported");
    refusing("{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"data\": [1]}]}")
        .hasMessageContaining("datatype is required");
  }

  @Test
  void refusesDataThatDoesNotMatchTheDatatype() {
    refusing(
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [1, \"two\"]}]}")
        .hasMessageContaining("data must hold only numbers for datatype FP32");
    refusing(
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"INT32\", \"data\": [1.5]}]}")
        .hasMessage("input 'x': INT32 data must be integers, found 1.5");
  }

  @Test
  void refusesAShapeThatDoesNotMatchTheDataCount() {
    refusing(
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 4], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}")
        .hasMessage("input 'x' has shape [2, 4] which needs 8 values, but data has 3");
    refusing(
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [-1, 4], \"datatype\": \"FP32\", \"data\": [1]}]}")
        .hasMessageContaining("shape must be a non-empty array of non-negative integers");
    refusing(
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [4611686018427387904, 4], \"datatype\": \"FP32\", \"data\": [1]}]}")
        .hasMessage("input 'x': shape is too large");
  }

  @Test
  void refusesTheSameInputTwice() {
    String x = "{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}";
    refusing("{\"inputs\": [" + x + ", " + x + "]}").hasMessage("input 'x' appears more than once");
  }

  @Test
  void refusesANonStringId() {
    refusing(
            "{\"id\": 7, \"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}")
        .hasMessage("id must be a string");
  }
}
