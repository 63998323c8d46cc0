package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.PredictionEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Models whose input or output is not FP32 ({@link TypedModels}: INT64 → FP32, FP64 → FP64, BOOL →
 * FP32 classifier, INT32 → INT64, INT64 → INT64, FP32 → FP16, INT32 → UINT8, FP32 → BOOL, INT8,
 * INT16, UINT8, FP16 and BF16 → FP32, STRING → FP32, classifiers answering their classes as STRING
 * and as INT64, and one that fails in ONNX Runtime) on a real gateway with real ONNX Runtime and
 * dynamic batching of up to {@value #CALLERS} rows: answers in the model's output datatype,
 * metadata with the real datatypes, 400 for values the model's input type cannot hold.
 */
class TypedModelsIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CALLERS = 4;

  @TempDir static Path work;
  private static GatewayBroker broker;
  private static InferenceGateway gateway;
  private static GatewayClient client;
  private static ExecutorService callers;

  @BeforeAll
  static void startGatewayOnTypedModels() throws Exception {
    broker = GatewayBroker.start(work.resolve("kafka"));
    TypedModels.writeAll(work.resolve("models"));
    GatewayConfig config =
        GatewayConfig.defaults(work.resolve("models"), broker.bootstrapServers())
            .withPort(0)
            .withDevice(Device.CPU)
            .withBatching(new BatchingConfig(CALLERS, 100_000, 64));
    gateway = InferenceGateway.start(config, Clock.systemUTC());
    client = new GatewayClient(gateway.port());
    callers = Executors.newFixedThreadPool(CALLERS);
  }

  @AfterAll
  static void stopGateway() {
    if (callers != null) {
      callers.shutdownNow();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** A request of {@code input} with shape {@code [rows, columns]} and flat {@code data}. */
  private static String request(String datatype, int rows, int columns, String data) {
    return """
        {"inputs": [{"name": "input", "shape": [%d, %d], "datatype": "%s", "data": [%s]}]}\
        """
        .formatted(rows, columns, datatype, data);
  }

  private static HttpResponse<String> infer(String model, String body) {
    try {
      return client.post("/v2/models/" + model + "/infer", body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The model's {@code output} tensor of a 200 answer. */
  private static JsonNode output(String model, String body) throws Exception {
    HttpResponse<String> response = infer(model, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return named(JSON.readTree(response.body()), "output");
  }

  /**
   * The {@code output} tensors of {@value #CALLERS} one-row requests to {@code model} sent at once,
   * caller {@code i} sending {@code body.apply(i)}, in caller order.
   */
  private static List<JsonNode> sentTogether(String model, IntFunction<String> body) {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<JsonNode>> answers =
        IntStream.range(0, CALLERS)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                            return output(model, body.apply(i));
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                        },
                        callers))
            .toList();
    go.countDown();
    return answers.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void aModelThatFailsWhileRunningIsAnswered500AndTheGatewayKeepsServing() throws Exception {
    HttpResponse<String> failed = infer(TypedModels.FAILING, request("FP32", 1, 2, "1, 2"));

    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
    assertThat(JSON.readTree(failed.body()).get("error").asText())
        .startsWith("model failing version 1 failed: ")
        .contains("out of data bounds");
    assertThat(output(TypedModels.DOUBLES, request("FP64", 1, 2, "1.5, 2")).get("data").toString())
        .isEqualTo("[3.5]");
    String metrics = client.get("/metrics").body();
    assertThat(metrics)
        .containsPattern(
            Pattern.compile(
                "gateway_inference_failure_total\\{code=\"500\",model=\"failing\","
                    + "reason=\"internal\",version=\"1\"\\} 1\\.0"));
  }

  @Test
  void anFp16OutputIsAnsweredAsFp16NumbersForOneRowAndForSeveral() throws Exception {
    JsonNode one = output(TypedModels.HALVES, request("FP32", 1, 2, "1.5, 0.25"));
    JsonNode two = output(TypedModels.HALVES, request("FP32", 2, 2, "1.5, 0.25, 1000, 0.1"));

    assertThat(one.get("datatype").asText()).isEqualTo("FP16");
    assertThat(one.get("data").toString()).isEqualTo("[1.75]");
    assertThat(two.get("shape").toString()).isEqualTo("[2,1]");
    assertThat(two.get("data").get(0).asDouble()).isEqualTo(1.75);
    assertThat(two.get("data").get(1).asDouble())
        .as("1000.1 at FP16 precision (steps of 0.5 near 1000)")
        .isEqualTo(1000.0);
  }

  @Test
  void aUint8OutputIsAnsweredUnsigned() throws Exception {
    JsonNode output = output(TypedModels.OCTETS, request("INT32", 1, 2, "200, 255"));

    assertThat(output.get("datatype").asText()).isEqualTo("UINT8");
    assertThat(output.get("data").toString()).isEqualTo("[200,255]");
  }

  @Test
  void aBoolOutputIsAnsweredAsTrueAndFalse() throws Exception {
    JsonNode one = output(TypedModels.ABOVE_HALF, request("FP32", 1, 2, "0.9, 0.1"));
    JsonNode two = output(TypedModels.ABOVE_HALF, request("FP32", 2, 2, "0.9, 0.1, 0.2, 3"));

    assertThat(one.get("datatype").asText()).isEqualTo("BOOL");
    assertThat(one.get("data").toString()).isEqualTo("[true,false]");
    assertThat(two.get("data").toString()).isEqualTo("[true,false,false,true]");
  }

  @Test
  void anInt64InputModelTakesIntegersAndAnswersFp32() throws Exception {
    JsonNode output = output(TypedModels.COUNTS, request("INT64", 2, 2, "3, 4, 10, -2"));

    assertThat(output.get("datatype").asText()).isEqualTo("FP32");
    assertThat(output.get("shape").toString()).isEqualTo("[2,1]");
    assertThat(output.get("data").get(0).asDouble()).isEqualTo(2.5);
    assertThat(output.get("data").get(1).asDouble()).isEqualTo(4.5);
  }

  @Test
  void aDoubleModelComputesAndAnswersInDoublePrecision() throws Exception {
    JsonNode output = output(TypedModels.DOUBLES, request("FP64", 1, 2, "0.1, 0.2"));

    assertThat(output.get("datatype").asText()).isEqualTo("FP64");
    assertThat(output.get("data").get(0).asDouble())
        .as("0.1 + 0.2 in double, not in float")
        .isEqualTo(0.1 + 0.2)
        .isNotEqualTo((double) (0.1f + 0.2f));
  }

  @Test
  void aBoolInputClassifierAnswersScoresAndLabels() throws Exception {
    HttpResponse<String> response =
        infer(TypedModels.FLAGS, request("BOOL", 2, 3, "true, false, true, false, true, false"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode outputs = JSON.readTree(response.body()).get("outputs");

    JsonNode scores = outputs.get(0).get("data");
    assertThat(outputs.get(0).get("datatype").asText()).isEqualTo("FP32");
    assertThat(scores.get(0).asDouble()).isCloseTo(0.4, within(1e-6));
    assertThat(scores.get(1).asDouble()).isCloseTo(1.6, within(1e-6));
    assertThat(scores.get(2).asDouble()).isCloseTo(0.6, within(1e-6));
    assertThat(scores.get(3).asDouble()).isCloseTo(0.4, within(1e-6));
    assertThat(outputs.get(1).get("data").toString()).isEqualTo("[\"yes\",\"no\"]");
  }

  @Test
  void anInt32ModelAnswersExactInt64IntegersBeyondTheInt32AndFloatRanges() throws Exception {
    JsonNode output = output(TypedModels.IDS, request("INT32", 2, 2, "2000000000, 7, -5, 1"));

    assertThat(output.get("datatype").asText()).isEqualTo("INT64");
    assertThat(output.get("data").get(0).isIntegralNumber()).isTrue();
    assertThat(output.get("data").get(0).asLong()).isEqualTo(6_000_000_007L);
    assertThat(output.get("data").get(1).asLong()).isEqualTo(-14L);
  }

  @Test
  void anInt64ModelGetsAndAnswersIntegersBeyond2To53Exactly() throws Exception {
    JsonNode output =
        output(
            TypedModels.LONGS,
            request("INT64", 2, 2, "9007199254740993, 5, 9223372036854775807, -1"));

    assertThat(output.get("datatype").asText()).isEqualTo("INT64");
    assertThat(output.get("data").get(0).asLong()).isEqualTo(9_007_199_254_740_993L);
    assertThat(output.get("data").get(1).asLong()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aStringModelTakesBytesAsOneTensorOrPerFeatureAndLogsThemAsCategories() throws Exception {
    JsonNode tensor =
        output(
            TypedModels.WEATHER_WORDS,
            """
            {"id": "words", "inputs": [{"name": "input", "shape": [2, 2], "datatype": "BYTES",
             "data": [["rain", "snow"], ["fog", "sun"]]}]}
            """);
    JsonNode perFeature =
        output(
            TypedModels.WEATHER_WORDS,
            """
            {"inputs": [{"name": "f0", "shape": [1], "datatype": "BYTES", "data": ["snow"]},
                        {"name": "f1", "shape": [1], "datatype": "BYTES", "data": ["rain"]}]}
            """);

    assertThat(tensor.get("data").toString())
        .as("rain + 10 snow, unknown fog + 10 sun")
        .isEqualTo("[21.0,-1.0]");
    assertThat(perFeature.get("data").toString()).isEqualTo("[12.0]");
    JsonNode metadata = JSON.readTree(client.get("/v2/models/" + TypedModels.WEATHER_WORDS).body());
    assertThat(metadata.get("inputs").get(0).get("datatype").asText()).isEqualTo("BYTES");
    List<PredictionEvent> logged = broker.predictions("words#", 2);
    assertThat(logged)
        .extracting(e -> e.getCategoricalFeatures().toString())
        .containsExactlyInAnyOrder("{f0=rain, f1=snow}", "{f0=fog, f1=sun}");
    assertThat(logged).allSatisfy(e -> assertThat(e.getNumericFeatures()).isEmpty());
  }

  @Test
  void aStringModelRefusesNumbersAndANumericModelRefusesStrings() throws Exception {
    HttpResponse<String> numbers = infer(TypedModels.WEATHER_WORDS, request("FP32", 1, 2, "1, 2"));
    HttpResponse<String> words =
        infer(TypedModels.DOUBLES, request("BYTES", 1, 2, "\"rain\", \"snow\""));

    assertThat(numbers.statusCode()).as(numbers.body()).isEqualTo(400);
    assertThat(JSON.readTree(numbers.body()).get("error").asText())
        .isEqualTo(
            "input 'input' is FP32, but the model's input 'input' is BYTES:"
                + " send its values as BYTES strings");
    assertThat(words.statusCode()).as(words.body()).isEqualTo(400);
    assertThat(JSON.readTree(words.body()).get("error").asText())
        .contains("strings cannot be converted to numbers");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "INT8, INT8, -100, 27, -73",
    "INT16, INT16, -30000, 1000, -29000",
    "UINT8, UINT8, 200, 55, 255",
    "FLOAT16, FP16, 1.5, 0.25, 1.75",
    "BFLOAT16, BF16, -2.5, 0.5, -2"
  })
  void aModelOfEachRemainingInputTypeAnswersAndReportsItsType(
      String onnxType, String datatype, String a, String b, double sum) throws Exception {
    String model = TypedModels.summedName(DataType.valueOf(onnxType));

    JsonNode one = output(model, request(datatype, 1, 2, a + ", " + b));
    JsonNode two = output(model, request(datatype, 2, 2, a + ", " + b + ", " + b + ", " + b));

    assertThat(one.get("data").get(0).asDouble()).isEqualTo(sum);
    assertThat(two.get("shape").toString()).isEqualTo("[2,1]");
    assertThat(two.get("data").get(0).asDouble()).isEqualTo(sum);
    assertThat(two.get("data").get(1).asDouble()).isEqualTo(2 * Double.parseDouble(b));
    JsonNode metadata = JSON.readTree(client.get("/v2/models/" + model).body());
    assertThat(metadata.get("inputs").get(0).get("datatype").asText()).isEqualTo(datatype);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"FP64, 3.0", "FP32, 3", "UINT8, 3", "INT64, 3"})
  void integralValuesOfAnyNumericDatatypeFeedAnIntegerModel(String datatype, String three)
      throws Exception {
    JsonNode output = output(TypedModels.IDS, request(datatype, 1, 2, three + ", " + three));

    assertThat(output.get("data").get(0).asLong()).isEqualTo(12L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "counts, INT64, FP32",
    "doubles, FP64, FP64",
    "flags, BOOL, FP32",
    "ids, INT32, INT64",
    "longs, INT64, INT64"
  })
  void metadataReportsEachModelsRealDatatypes(String model, String input, String output)
      throws Exception {
    for (String path : List.of("/v2/models/" + model, "/v2/models/" + model + "/versions/1")) {
      HttpResponse<String> response = client.get(path);
      JsonNode metadata = JSON.readTree(response.body());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(metadata.get("inputs").get(0).get("datatype").asText()).isEqualTo(input);
      assertThat(metadata.get("outputs").get(0).get("datatype").asText()).isEqualTo(output);
    }
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "ids; FP64; 1.5; INT32",
        "ids; INT64; 30000000000; INT32",
        "counts; FP64; 0.5; INT64",
        "counts; FP64; 1e300; INT64",
        "longs; UINT64; 18446744073709551615; INT64",
        "flags; INT32; 2; BOOL"
      })
  void refusesAValueTheModelsInputTypeCannotHoldAndServesAgainAfter(
      String model, String datatype, String value, String modelDatatype) throws Exception {
    int columns = model.equals(TypedModels.FLAGS) ? 3 : 2;
    String others = ", 0".repeat(columns - 1);

    HttpResponse<String> refused = infer(model, request(datatype, 1, columns, value + others));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).get("error").asText())
        .contains("input 'input' is " + datatype + " with value")
        .contains("the model's input 'input' is " + modelDatatype);
    String valid = model.equals(TypedModels.FLAGS) ? "1, 0, 1" : "1, 1";
    assertThat(infer(model, request(datatype, 1, columns, valid)).statusCode()).isEqualTo(200);
  }

  /** Model calls of {@code model} so far, from {@code /metrics}. */
  private static double modelCalls(String model) throws Exception {
    Matcher calls =
        Pattern.compile(
                Pattern.quote(
                        "gateway_inference_execution_rows_count{model=\""
                            + model
                            + "\",version=\"1\"}")
                    + " ([0-9.eE+-]+)")
            .matcher(client.get("/metrics").body());
    return calls.find() ? Double.parseDouble(calls.group(1)) : 0;
  }

  @Test
  void requestsBatchedTogetherEachGetTheirOwnInt64Rows() throws Exception {
    double callsBefore = modelCalls(TypedModels.IDS);
    List<JsonNode> answers =
        sentTogether(TypedModels.IDS, i -> request("INT32", 1, 2, i + ", " + i));

    for (int i = 0; i < CALLERS; i++) {
      JsonNode output = answers.get(i);
      assertThat(output.get("shape").toString()).isEqualTo("[1,1]");
      assertThat(output.get("data").get(0).asLong()).as("caller " + i).isEqualTo(4L * i);
    }
    assertThat(modelCalls(TypedModels.IDS) - callsBefore)
        .as("model calls for %d requests sent together", CALLERS)
        .isLessThan(CALLERS);
  }

  /** The tensor named {@code name} of an infer answer. */
  private static JsonNode named(JsonNode answer, String name) {
    for (JsonNode output : answer.get("outputs")) {
      if (output.get("name").asText().equals(name)) {
        return output;
      }
    }
    throw new AssertionError("no output " + name + " in " + answer);
  }

  @Test
  void aClassifierAnsweringItsClassAsAStringPerRowIsAnsweredAndLoggedWithoutScores()
      throws Exception {
    HttpResponse<String> response =
        infer(
            TypedModels.CLASS_NAMES,
            """
            {"id": "names", "inputs": [{"name": "input", "shape": [3, 2], "datatype": "FP32",
             "data": [[0.9, 0.1], [0.2, 0.8], [0.4, 0.6]]}]}
            """);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(named(answer, "output").toString())
        .isEqualTo(
            "{\"name\":\"output\",\"datatype\":\"BYTES\",\"shape\":[3],"
                + "\"data\":[\"cold\",\"hot\",\"hot\"]}");
    assertThat(named(answer, "label").get("data").toString())
        .isEqualTo("[\"cold\",\"hot\",\"hot\"]");
    JsonNode metadata = JSON.readTree(client.get("/v2/models/" + TypedModels.CLASS_NAMES).body());
    assertThat(metadata.get("outputs").get(0).toString())
        .isEqualTo("{\"name\":\"output\",\"datatype\":\"BYTES\",\"shape\":[-1]}");
    List<PredictionEvent> logged = broker.predictions("names#", 3);
    assertThat(logged)
        .extracting(e -> e.getRequestId() + "=" + e.getPredictedClass())
        .containsExactlyInAnyOrder("names#0=cold", "names#1=hot", "names#2=hot");
    assertThat(logged)
        .allSatisfy(
            e -> {
              assertThat(e.getScore()).isNull();
              assertThat(e.getProbabilities()).isEmpty();
              assertThat(e.getStatus()).hasToString("OK");
            });
  }

  @Test
  void aClassifierAnsweringItsClassAsAnIntegerPerRowGetsItsLabelInDecimal() throws Exception {
    HttpResponse<String> response =
        infer(
            TypedModels.CLASS_NUMBERS,
            """
            {"id": "numbers", "inputs": [{"name": "input", "shape": [2, 2], "datatype": "FP32",
             "data": [0.1, 0.9, 0.7, 0.3]}]}
            """);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(named(answer, "output").toString())
        .isEqualTo("{\"name\":\"output\",\"datatype\":\"INT64\",\"shape\":[2,1],\"data\":[8,7]}");
    assertThat(named(answer, "label").get("data").toString()).isEqualTo("[\"8\",\"7\"]");
    assertThat(broker.predictions("numbers#", 2))
        .extracting(e -> e.getRequestId() + "=" + e.getPredictedClass() + " " + e.getScore())
        .containsExactlyInAnyOrder("numbers#0=8 null", "numbers#1=7 null");
  }

  @Test
  void stringClassesOfRequestsBatchedTogetherGoEachToItsOwnRequest() throws Exception {
    double callsBefore = modelCalls(TypedModels.CLASS_NAMES);
    List<JsonNode> answers =
        sentTogether(
            TypedModels.CLASS_NAMES, i -> request("FP32", 1, 2, i % 2 == 0 ? "1, 0" : "0, 1"));

    for (int i = 0; i < CALLERS; i++) {
      assertThat(answers.get(i).get("data").toString())
          .as("caller " + i)
          .isEqualTo(i % 2 == 0 ? "[\"cold\"]" : "[\"hot\"]");
    }
    assertThat(modelCalls(TypedModels.CLASS_NAMES) - callsBefore)
        .as("model calls for %d requests sent together", CALLERS)
        .isLessThan(CALLERS);
  }
}
