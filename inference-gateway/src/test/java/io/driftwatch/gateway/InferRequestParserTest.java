package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void readsEveryFloatingValueAsDoubleParseDoubleDoes() {
    java.util.Random random = new java.util.Random(3);
    String[] texts = new String[2_000];
    for (int i = 0; i < texts.length; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      texts[i] =
          switch (i % 4) {
            case 0 -> Double.isFinite(value) ? Double.toString(value) : "1e308";
            case 1 -> String.format(java.util.Locale.ROOT, "%.6f", random.nextGaussian() * 100);
            case 2 -> String.format(java.util.Locale.ROOT, "%.25e", random.nextDouble());
            default -> random.nextInt(100_000) + "." + random.nextInt(100_000) + "e-" + i % 330;
          };
    }

    InputTensor input =
        parse(one("FP64", "[" + texts.length + "]", "[" + String.join(", ", texts) + "]"))
            .inputs()
            .get(0);

    for (int i = 0; i < texts.length; i++) {
      assertThat(input.data()[i]).as(texts[i]).isEqualTo(Double.parseDouble(texts[i]));
    }
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
  void refusesUnknownOrMissingDatatypesListingTheProtocolOnes() {
    refusing(
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FLOAT\", \"data\": [1]}]}")
        .hasMessageStartingWith("input 'x': datatype 'FLOAT' is not a protocol datatype")
        .hasMessageContaining("BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64")
        .hasMessageContaining("FP16, BF16, FP32, FP64, BYTES");
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

  private static String one(String datatype, String shape, String data) {
    return "{\"inputs\": [{\"name\": \"x\", \"shape\": "
        + shape
        + ", \"datatype\": \""
        + datatype
        + "\", \"data\": "
        + data
        + "}]}";
  }

  private InputTensor only(String datatype, String shape, String data) {
    return parse(one(datatype, shape, data)).inputs().get(0);
  }

  @ParameterizedTest(name = "{0} holds {1} and {2}")
  @CsvSource({
    "UINT8, 0, 255",
    "UINT16, 0, 65535",
    "UINT32, 0, 4294967295",
    "UINT64, 0, 18446744073709551615",
    "INT8, -128, 127",
    "INT16, -32768, 32767",
    "INT32, -2147483648, 2147483647",
    "INT64, -9223372036854775808, 9223372036854775807",
    "FP16, -65504, 65504",
    "FP32, -3.4028234663852886E38, 3.4028234663852886E38",
    "FP64, -1.7976931348623157E308, 1.7976931348623157E308"
  })
  void acceptsEveryNumericDatatypeUpToTheEdgesOfItsRange(String datatype, String low, String high) {
    InputTensor x = only(datatype, "[2]", "[" + low + ", " + high + "]");

    assertThat(x.datatype()).isEqualTo(TensorDatatype.valueOf(datatype));
    assertThat(x.data()).containsExactly(Double.parseDouble(low), Double.parseDouble(high));
  }

  @Test
  void keepsExactLongsOfIntegerDatatypesBeyondTheDoublePrecision() {
    InputTensor ids = only("INT64", "[3]", "[9007199254740993, -9223372036854775808, 3.0]");

    assertThat(ids.integers()).containsExactly(9_007_199_254_740_993L, Long.MIN_VALUE, 3L);
    assertThat(ids.data()[0]).isEqualTo(0x1p53);
  }

  @Test
  void keepsNoExactLongsForFloatingDatatypesOrUint64ValuesAboveTheLongRange() {
    assertThat(only("FP64", "[1]", "[3]").integers()).isNull();
    assertThat(only("BOOL", "[1]", "[true]").integers()).isNull();
    assertThat(only("UINT64", "[2]", "[1, 18446744073709551615]").integers()).isNull();
    assertThat(only("UINT64", "[2]", "[1, 9223372036854775807]").integers())
        .containsExactly(1L, Long.MAX_VALUE);
  }

  @ParameterizedTest(name = "{0} refuses {1}")
  @CsvSource({
    "UINT8, 256",
    "UINT8, -1",
    "UINT16, 65536",
    "UINT32, 4294967296",
    "UINT64, 18446744073709551616",
    "UINT64, -1",
    "INT8, 128",
    "INT8, -129",
    "INT16, 32768",
    "INT32, 2147483648",
    "INT64, 9223372036854775808",
    "INT64, -9223372036854775809",
    "INT64, 1e19",
    "FP16, 65505",
    "FP32, 3.5e38",
    "FP64, 1e309",
    "BF16, -1e39"
  })
  void refusesAValueOutsideTheDeclaredDatatypesRangeNamingInputValueAndRange(
      String datatype, String value) {
    refusing(one(datatype, "[1]", "[" + value + "]"))
        .hasMessageStartingWith("input 'x': value ")
        .hasMessageContaining("is out of range for " + datatype + " (");
  }

  @Test
  void readsBoolAsOneAndZeroAndRefusesNumbersForIt() {
    assertThat(only("BOOL", "[3]", "[true, false, true]").data()).containsExactly(1, 0, 1);
    refusing(one("BOOL", "[1]", "[1]"))
        .hasMessage("input 'x': BOOL data must be true or false, found 1");
  }

  @Test
  void readsBytesAsStringsAndRefusesNumbersForThem() {
    InputTensor x = only("BYTES", "[2]", "[\"rain\", \"sun\"]");

    assertThat(x.strings()).containsExactly("rain", "sun");
    assertThat(x.data()).isEmpty();
    refusing(one("BYTES", "[1]", "[1.5]"))
        .hasMessage("input 'x': BYTES data must be strings, found 1.5");
  }

  @Test
  void refusesBooleansAndStringsAsNumbers() {
    refusing(one("INT64", "[1]", "[true]"))
        .hasMessage("input 'x': data must hold only numbers for datatype INT64, found true");
    refusing(one("FP16", "[1]", "[\"1\"]"))
        .hasMessage("input 'x': data must hold only numbers for datatype FP16, found \"1\"");
  }

  @Test
  void acceptsIntegralFloatTokensInIntegerTensors() {
    assertThat(only("INT32", "[2]", "[3.0, 1e3]").data()).containsExactly(3, 1000);
  }

  @Test
  void nestedDataMustMatchTheShapeAtEveryLevel() {
    assertThat(only("FP32", "[2, 1, 2]", "[[[1, 2]], [[3, 4]]]").data())
        .containsExactly(1, 2, 3, 4);
    refusing(one("FP32", "[2, 3]", "[[1, 2, 3], [4, 5]]"))
        .hasMessage(
            "input 'x': nested data must match shape [2, 3], but data[1] has 2 elements, not 3");
    refusing(one("FP32", "[2, 3]", "[[1, 2, 3, 4, 5, 6]]"))
        .hasMessage(
            "input 'x': nested data must match shape [2, 3], but data has 1 elements, not 2");
    refusing(one("FP32", "[2, 2]", "[[1, 2], 3, 4]"))
        .hasMessageContaining("but data has 3 elements, not 2");
    refusing(one("FP32", "[3, 1]", "[[1], 2, [3]]"))
        .hasMessage(
            "input 'x': nested data must match shape [3, 1], but data[1] is a value, not an array of 1");
    refusing(one("FP32", "[1, 2]", "[[1, [2]]]"))
        .hasMessage(
            "input 'x': nested data must match shape [1, 2], but data[0][1] is nested deeper");
    refusing(one("FP32", "[4]", "[[1, 2], [3, 4]]"))
        .hasMessageContaining("data has 2 elements, not 4");
  }

  @Test
  void refusesNonStandardNumberLiteralsTrailingContentAndDuplicateKeys() {
    refusing(one("FP32", "[1]", "[NaN]")).hasMessageStartingWith("malformed JSON at line 1");
    refusing(one("FP32", "[1]", "[Infinity]")).hasMessageStartingWith("malformed JSON at line 1");
    refusing(one("FP32", "[1]", "[1]") + " {}").hasMessageStartingWith("malformed JSON");
    refusing("{\"id\": \"a\", \"id\": \"b\", \"inputs\": []}")
        .hasMessageContaining("Duplicate field 'id'");
  }

  @Test
  void refusesNestingBeyondJacksonsLimitAsMalformedJson() {
    String deep = "[".repeat(5000) + "1" + "]".repeat(5000);

    refusing(one("FP32", "[1]", deep))
        .hasMessageStartingWith("malformed JSON")
        .hasMessageContaining("nesting depth");
  }

  @Test
  void refusesANumberOfMoreThanAThousandDigits() {
    refusing(one("INT64", "[1]", "[" + "9".repeat(1500) + "]"))
        .hasMessageStartingWith("malformed JSON")
        .hasMessageContaining("Number value length");
  }

  @Test
  void toleratesParametersEverywhereButRefusesNonObjectParameters() {
    InferRequest request =
        parse(
            """
            {"parameters": {"priority": 1},
             "inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1],
                         "parameters": {"binary_data_size": null}}],
             "outputs": [{"name": "label", "parameters": {"classification": 0}}],
             "unknown_field": true}
            """);

    assertThat(request.inputs()).hasSize(1);
    refusing("{\"parameters\": 3, \"inputs\": []}").hasMessage("parameters must be an object");
  }

  @Test
  void acceptsUnicodeNamesAndIdsButRefusesUnpairedSurrogates() {
    InferRequest request =
        parse(
            "{\"id\": \"r-\u00e9\ud83d\ude00\", \"inputs\": [{\"name\": \"\u6e29\u5ea6\", \"shape\": [1],"
                + " \"datatype\": \"FP32\", \"data\": [1]}]}");

    assertThat(request.id()).contains("r-\u00e9\ud83d\ude00");
    assertThat(request.inputs().get(0).name()).isEqualTo("\u6e29\u5ea6");
    refusing(
            "{\"id\": \"\\ud800\", \"inputs\": [{\"name\": \"x\", \"shape\": [1],"
                + " \"datatype\": \"FP32\", \"data\": [1]}]}")
        .hasMessage("id is not valid Unicode: unpaired surrogate at character 0");
  }

  @Test
  void quotesAtMostSixtyFourCharactersOfALongName() {
    String name = "n".repeat(10_000);

    refusing(one("FP32", "[2]", "[1]").replace("\"x\"", "\"" + name + "\""))
        .hasMessageStartingWith("input '" + "n".repeat(64) + "... (10000 characters)'");
  }

  @Test
  void refusesNonObjectOrNamelessRequestedOutputs() {
    refusing(one("FP32", "[1]", "[1]").replaceFirst("}$", ", \"outputs\": [\"label\"]}"))
        .hasMessage("outputs[0] needs a string name");
  }
}
