package io.driftwatch.gateway;

import static io.driftwatch.gateway.DemoGateway.INFER;
import static io.driftwatch.gateway.DemoGateway.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Infer requests in every numeric protocol datatype, and the metadata that tells clients what to
 * send, on a real gateway with real ONNX Runtime and the demo model (input FP32 {@code [-1, 4]}).
 */
class InferDatatypesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static DemoGateway gateway;
  private static RawHttp http;

  @BeforeAll
  static void startGateway() throws Exception {
    gateway = DemoGateway.start(work);
    http = new RawHttp(gateway.port());
  }

  @AfterAll
  static void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Two rows of one input per feature, every value {@code value}, all of {@code datatype}. */
  private static String perFeature(String datatype, String value) {
    return "{\"inputs\": ["
        + gateway.descriptor().featureNames().stream()
            .map(
                f ->
                    "{\"name\": \"%s\", \"shape\": [2], \"datatype\": \"%s\", \"data\": [%s, %s]}"
                        .formatted(f, datatype, value, value))
            .collect(Collectors.joining(", "))
        + "]}";
  }

  private static JsonNode probabilities(JsonNode response) {
    return response.get("outputs").get(0).get("data");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "UINT8, 1",
    "UINT16, 1",
    "UINT32, 1",
    "UINT64, 1",
    "INT8, 1",
    "INT16, 1",
    "INT32, 1",
    "INT64, 1",
    "FP16, 1",
    "BF16, 1",
    "FP64, 1",
    "BOOL, true"
  })
  void anyNumericOrBoolDatatypeIsConvertedToTheModelsFloatsAndAnswersAsFp32Would(
      String datatype, String one) throws Exception {
    JsonNode asFloats = post(INFER, perFeature("FP32", "1.0"));

    JsonNode converted = post(INFER, perFeature(datatype, one));

    assertThat(converted.get("outputs").get(0).get("shape").toString()).isEqualTo("[2,5]");
    assertThat(probabilities(converted)).isEqualTo(probabilities(asFloats));
  }

  @Test
  void nestedAndFlatDataOfABatchGiveTheSameAnswer() throws Exception {
    String nested =
        "{\"id\": \"nested\", \"inputs\": [{\"name\": \"%s\", \"shape\": [3, 4], \"datatype\": \"FP64\", \"data\": [[0, 12.8, 5, 4.7], [10.9, 10.6, 2.8, 4.5], [0, 20, 9, 2]]}]}"
            .formatted(gateway.descriptor().inputName());
    String flat =
        nested
            .replace("\"nested\"", "\"flat\"")
            .replace("[[", "[")
            .replace("]]", "]")
            .replace("], [", ", ");

    JsonNode fromNested = post("/v2/models/" + MODEL + "/versions/1/infer", nested);
    JsonNode fromFlat = post(INFER, flat);

    assertThat(fromNested.get("id").asText()).isEqualTo("nested");
    assertThat(fromFlat.get("id").asText()).isEqualTo("flat");
    assertThat(fromNested.get("outputs").get(1).get("shape").toString()).isEqualTo("[3]");
    assertThat(probabilities(fromNested)).isEqualTo(probabilities(fromFlat));
  }

  @Test
  void metadataNamesThePlatformTensorsWithDynamicBatchAndTheExecutionProvider() throws Exception {
    for (String path :
        new String[] {"/v2/models/" + MODEL, "/v2/models/" + MODEL + "/versions/1"}) {
      HttpResponse<String> response = http.send("GET", path, null, null, false);
      JsonNode model = JSON.readTree(response.body());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(model.get("platform").asText()).isEqualTo("onnxruntime_onnx");
      assertThat(model.get("inputs").get(0).get("datatype").asText()).isEqualTo("FP32");
      assertThat(model.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,4]");
      assertThat(model.get("outputs").get(0).get("shape").toString()).isEqualTo("[-1,5]");
      assertThat(model.get("parameters").get("execution_provider").asText()).isEqualTo("CPU");
    }
  }
}
