package io.driftwatch.gateway;

import static io.driftwatch.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature redaction on real parts: the demo model in ONNX Runtime, an in-process Kafka broker and
 * real HTTP. Its descriptor is rewritten so that {@code wind} is categorical (the model still reads
 * the category index); the gateway redacts {@code precipitation}, hashes {@code wind} (categorical:
 * hashed) and {@code temp_min} (numeric: left out) and logs {@code temp_max} as sent.
 */
class GatewayRedactionIntegrationTest {

  private static final String MODEL = DemoModel.NAME;
  private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");
  private static final String SALT = "driftwatch-test-salt-0042";

  /** Hex SHA-256 of SALT followed by "4", as {@code printf '%s%s' "$SALT" 4 | sha256sum}. */
  private static final String HASH_OF_WIND_4 =
      "34a486d9ea5a24ce362f45b43f8cfa9e2de797e45c13d95d841789b41b36d0d3";

  private static final String SECRET = "SECRET-7731";

  @TempDir static Path work;
  private static EmbeddedKafka kafka;
  private static InferenceGateway gateway;
  private static GatewayClient client;

  @BeforeAll
  static void startKafkaAndARedactingGateway() throws Exception {
    Path version = DemoModel.writeRepository(work.resolve("models"));
    Path descriptorFile = version.resolve(ModelDescriptor.FILE_NAME);
    ModelDescriptor demo = ModelDescriptor.read(descriptorFile);
    assertThat(demo.featureNames())
        .containsExactly("precipitation", "temp_max", "temp_min", "wind");
    new ModelDescriptor(
            demo.task(),
            demo.inputName(),
            demo.outputName(),
            demo.features().stream()
                .map(
                    f ->
                        f.name().equals("wind")
                            ? new ModelDescriptor.Feature("wind", ModelDescriptor.Kind.CATEGORICAL)
                            : f)
                .toList(),
            demo.classLabels(),
            demo.lineage())
        .write(descriptorFile);

    kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
    kafka.createTopics(1, "predictions", "labels", "model-events");
    gateway =
        InferenceGateway.start(
            GatewayConfig.defaults(work.resolve("models"), kafka.bootstrapServers())
                .withPort(0)
                .withDevice(Device.CPU),
            GatewayOperations.DEFAULTS.withRedaction(
                new Redaction(Set.of("precipitation"), Set.of("wind", "temp_min"), SALT)),
            Clock.fixed(NOON, ZoneOffset.UTC));
    client = new GatewayClient(gateway.port());
  }

  @AfterAll
  static void stopGatewayAndKafka() {
    if (gateway != null) {
      gateway.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** One input per feature; {@code precipitation}'s data element is given as raw JSON. */
  private static String perFeatureRequest(String id, String precipitationData) {
    return """
        {"id": "%s", "inputs": [
          {"name": "precipitation", "shape": [1], "datatype": "FP32", "data": [%s]},
          {"name": "temp_max", "shape": [1], "datatype": "FP32", "data": [10.6]},
          {"name": "temp_min", "shape": [1], "datatype": "FP32", "data": [2.8]},
          {"name": "wind", "shape": [1], "datatype": "FP32", "data": [4]}]}
        """
        .formatted(id, precipitationData);
  }

  /** Every prediction event so far, after waiting for at least {@code atLeast} of them. */
  private static List<PredictionEvent> events(int atLeast) {
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "predictions")) {
      return reader.atLeast(atLeast, Duration.ofSeconds(30)).stream()
          .map(r -> SingleObjectCodec.predictions().decode(r.value()))
          .toList();
    }
  }

  @Test
  void predictionEventsLackRedactedFeaturesAndCarryHashedCategories() throws Exception {
    HttpResponse<String> answer =
        client.post("/v2/models/" + MODEL + "/infer", perFeatureRequest("redacted-ok", "10.9"));
    assertThat(answer.statusCode()).isEqualTo(200);

    PredictionEvent event =
        events(1).stream()
            .filter(e -> e.getRequestId().equals("redacted-ok"))
            .findFirst()
            .orElseThrow();

    assertThat(event.getStatus()).isEqualTo(PredictionStatus.OK);
    assertThat(event.getNumericFeatures()).containsOnlyKeys("temp_max");
    assertThat(event.getNumericFeatures().get("temp_max")).isCloseTo(10.6, within(1e-5));
    assertThat(event.getCategoricalFeatures()).containsExactly(Map.entry("wind", HASH_OF_WIND_4));
  }

  @Test
  void aRefusedRequestNeverEchoesItsValuesIntoLogsEventsOrTheAnswer() throws Exception {
    String infer = "/v2/models/" + MODEL + "/infer";
    List<HttpResponse<String>> refused;
    List<String> lines;
    try (CapturedLogs logs = CapturedLogs.attach()) {
      refused =
          List.of(
              client.post(infer, perFeatureRequest("not-a-number", "\"" + SECRET + "\"")),
              client.post(
                  infer, perFeatureRequest("int-expected", "7.125").replace("FP32", "INT32")),
              client.post(infer, perFeatureRequest("malformed", SECRET)));
      lines = logs.lines();
    }

    assertThat(refused).extracting(HttpResponse::statusCode).containsOnly(400);
    assertThat(refused).extracting(HttpResponse::body).noneMatch(b -> b.contains("SECRET"));
    assertThat(json(refused.get(0)).get("error").asText())
        .isEqualTo(
            "input 'precipitation': data must hold only numbers for datatype FP32, found "
                + Redaction.WITHHELD);
    assertThat(json(refused.get(1)).get("error").asText())
        .isEqualTo(
            "input 'precipitation': INT32 data must be integers, found " + Redaction.WITHHELD);
    assertThat(json(refused.get(2)).get("error").asText())
        .isEqualTo("malformed JSON (details withheld: feature redaction is on)");

    assertThat(lines)
        .as("the refusals are logged, without their values")
        .anyMatch(l -> l.contains("answered 400") && l.contains(Redaction.WITHHELD))
        .noneMatch(l -> l.contains("SECRET") || l.contains("7.125"));

    // A body that does not parse has no id yet: its event carries a generated one.
    List<String> errorMessages =
        events(3).stream()
            .filter(e -> e.getStatus() == PredictionStatus.CLIENT_ERROR)
            .map(PredictionEvent::getErrorMessage)
            .toList();
    assertThat(errorMessages)
        .hasSize(3)
        .contains(json(refused.get(0)).get("error").asText())
        .noneMatch(m -> m.contains("SECRET") || m.contains("7.125"));
  }
}
