package io.driftwatch.gateway;

import static io.driftwatch.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.ColumnProfile;
import io.driftwatch.schemas.FeatureSpec;
import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import io.driftwatch.training.WeatherDataset;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway on real parts: the demo model trained by model-training, ONNX Runtime, an in-process
 * Kafka broker and real HTTP. The repository holds versions 1 and 2 of the demo model and a corrupt
 * version 3.
 */
class GatewayIntegrationTest {

  private static final String MODEL = DemoModel.NAME;
  private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOON, ZoneOffset.UTC);
  private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);
  private static final long MAX_BODY_BYTES = 64 * 1024;

  @TempDir static Path work;
  private static EmbeddedKafka kafka;
  private static InferenceGateway gateway;
  private static GatewayClient client;
  private static ModelDescriptor descriptor;

  @BeforeAll
  static void startKafkaAndGateway() throws Exception {
    Path repository = work.resolve("models");
    Path version1 = DemoModel.writeRepository(repository);
    Path version2 = DemoModel.writeVersion(repository, "2", WeatherDataset.bundled().seattle(), 7);
    // Version 2 serves, but its reference profile is unreadable: it is announced without one.
    Files.writeString(version2.resolve(LoadedModel.PROFILE_FILE), "not a profile");
    Path broken = Files.createDirectories(repository.resolve(MODEL).resolve("3"));
    Files.copy(
        version1.resolve(ModelDescriptor.FILE_NAME), broken.resolve(ModelDescriptor.FILE_NAME));
    Files.writeString(broken.resolve("model.onnx"), "corrupt");
    descriptor = ModelDescriptor.read(version1.resolve(ModelDescriptor.FILE_NAME));

    kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
    kafka.createTopics(
        1, "predictions", "labels", "model-events", "counted-predictions", "counted-labels");
    gateway = InferenceGateway.start(config(), CLOCK);
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

  private static GatewayConfig config() {
    return GatewayConfig.defaults(work.resolve("models"), kafka.bootstrapServers())
        .withPort(0)
        .withMaxBodyBytes(MAX_BODY_BYTES)
        .withDevice(Device.CPU);
  }

  /** A rainy-day row in the descriptor's column order (precipitation, temp_max, temp_min, wind). */
  private static String tensorRequest(String id, int rows) {
    String row = "[10.9, 10.6, 2.8, 4.5]";
    String data = IntStream.range(0, rows).mapToObj(i -> row).collect(Collectors.joining(", "));
    return """
        {"id": "%s", "inputs": [{"name": "%s", "shape": [%d, 4], "datatype": "FP32", "data": [%s]}]}
        """
        .formatted(id, descriptor.inputName(), rows, data);
  }

  private static JsonNode output(JsonNode response, String name) {
    return StreamSupport.stream(response.get("outputs").spliterator(), false)
        .filter(o -> o.get("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void healthEndpointsAnswer200() throws Exception {
    assertThat(client.get("/v2/health/live").statusCode()).isEqualTo(200);
    assertThat(client.get("/v2/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void serverMetadataNamesDriftwatchItsVersionAndExtensions() throws Exception {
    JsonNode server = json(client.get("/v2"));

    assertThat(server.get("name").asText()).isEqualTo("driftwatch");
    assertThat(server.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(server.get("extensions").toString()).isEqualTo("[\"model_repository\"]");
  }

  @Test
  void modelMetadataListsLoadedVersionsAndTensorsWithDynamicBatch() throws Exception {
    JsonNode model = json(client.get("/v2/models/" + MODEL));

    assertThat(model.get("name").asText()).isEqualTo(MODEL);
    assertThat(model.get("versions").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(model.get("platform").asText()).isEqualTo("onnxruntime_onnx");
    assertThat(model.get("parameters").get("execution_provider").asText()).isEqualTo("CPU");
    assertThat(model.get("inputs").toString())
        .isEqualTo(
            "[{\"name\":\""
                + descriptor.inputName()
                + "\",\"datatype\":\"FP32\",\"shape\":[-1,4]}]");
    assertThat(model.get("outputs").toString())
        .isEqualTo(
            "[{\"name\":\""
                + descriptor.outputName()
                + "\",\"datatype\":\"FP32\",\"shape\":[-1,5]},"
                + "{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
    assertThat(json(client.get("/v2/models/" + MODEL + "/versions/1")).get("versions").toString())
        .isEqualTo("[\"1\"]");
  }

  @Test
  void modelReadinessFollowsEachVersionsState() throws Exception {
    assertThat(client.get("/v2/models/" + MODEL + "/ready").statusCode()).isEqualTo(200);
    assertThat(client.get("/v2/models/" + MODEL + "/versions/1/ready").statusCode()).isEqualTo(200);
    var broken = client.get("/v2/models/" + MODEL + "/versions/3/ready");
    assertThat(broken.statusCode()).isEqualTo(503);
    assertThat(broken.headers().firstValue("Retry-After")).contains("1");
    assertThat(json(broken).get("error").asText()).contains("version 3 is not ready");
    assertThat(client.get("/v2/models/nope/ready").statusCode()).isEqualTo(404);
  }

  @Test
  void repositoryIndexListsEveryVersionWithStateAndReason() throws Exception {
    JsonNode index = json(client.post("/v2/repository/index", ""));

    assertThat(index).hasSize(3);
    assertThat(index.get(0).toString())
        .isEqualTo(
            "{\"name\":\"" + MODEL + "\",\"version\":\"1\",\"state\":\"READY\",\"reason\":\"\"}");
    assertThat(index.get(2).get("state").asText()).isEqualTo("UNAVAILABLE");
    assertThat(index.get(2).get("reason").asText()).contains("ONNX Runtime cannot load");
    assertThat(json(client.post("/v2/repository/index", "{\"ready\": true}"))).hasSize(2);
  }

  @Test
  void aValidInferAnswersProbabilitiesSummingToOneAndTheMostProbableLabel() throws Exception {
    var response = client.post("/v2/models/" + MODEL + "/infer", tensorRequest("rainy-1", 2));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("model_name").asText()).isEqualTo(MODEL);
    assertThat(body.get("model_version").asText()).isEqualTo("2");
    assertThat(body.get("id").asText()).isEqualTo("rainy-1");
    JsonNode probabilities = output(body, descriptor.outputName());
    assertThat(probabilities.get("datatype").asText()).isEqualTo("FP32");
    assertThat(probabilities.get("shape").toString()).isEqualTo("[2,5]");
    JsonNode labels = output(body, "label");
    assertThat(labels.get("datatype").asText()).isEqualTo("BYTES");
    assertThat(labels.get("shape").toString()).isEqualTo("[2]");
    for (int row = 0; row < 2; row++) {
      double sum = 0;
      int best = 0;
      for (int c = 0; c < 5; c++) {
        double p = probabilities.get("data").get(row * 5 + c).asDouble();
        sum += p;
        best = p > probabilities.get("data").get(row * 5 + best).asDouble() ? c : best;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-4));
      assertThat(labels.get("data").get(row).asText())
          .isEqualTo(descriptor.classLabels().get(best));
    }
  }

  @Test
  void acceptsOneInputPerFeatureInAnyOrderAndAnyNumericDatatype() throws Exception {
    List<String> features = new ArrayList<>(descriptor.featureNames());
    java.util.Collections.reverse(features);
    String inputs =
        features.stream()
            .map(
                f ->
                    "{\"name\": \"%s\", \"shape\": [1, 1], \"datatype\": \"INT64\", \"data\": [[3]]}"
                        .formatted(f))
            .collect(Collectors.joining(", "));

    var response =
        client.post("/v2/models/" + MODEL + "/versions/1/infer", "{\"inputs\": [" + inputs + "]}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("model_version").asText()).isEqualTo("1");
    assertThat(body.get("id").asText()).as("generated id").matches("[0-9a-f-]{36}");
    assertThat(descriptor.classLabels())
        .contains(output(body, "label").get("data").get(0).asText());
  }

  @Test
  void returnsOnlyTheRequestedOutputs() throws Exception {
    String request =
        tensorRequest("only-label", 1)
            .replaceFirst("}\\s*$", ", \"outputs\": [{\"name\": \"label\"}]}");

    JsonNode body = json(client.post("/v2/models/" + MODEL + "/infer", request));

    assertThat(body.get("outputs")).hasSize(1);
    assertThat(body.get("outputs").get(0).get("name").asText()).isEqualTo("label");
  }

  static Stream<Arguments> malformedRequests() {
    String infer = "/v2/models/" + MODEL + "/infer";
    String input =
        "{\"name\": \"INPUT\", \"shape\": SHAPE, \"datatype\": \"TYPE\", \"data\": DATA}";
    return Stream.of(
        Arguments.of("bad JSON", infer, "{\"inputs\": [", 400, "malformed JSON"),
        Arguments.of("not an object", infer, "42", 400, "must be a JSON object"),
        Arguments.of("unknown model", "/v2/models/nope/infer", null, 404, "unknown model 'nope'"),
        Arguments.of(
            "unknown version",
            "/v2/models/" + MODEL + "/versions/9/infer",
            null,
            404,
            "has no version '9'"),
        Arguments.of(
            "non-numeric version",
            "/v2/models/" + MODEL + "/versions/latest/infer",
            null,
            404,
            "has no version 'latest'"),
        Arguments.of(
            "version that failed to load",
            "/v2/models/" + MODEL + "/versions/3/infer",
            null,
            503,
            "version 3 is unavailable"),
        Arguments.of(
            "wrong input name",
            infer,
            inputs(input, "temperature", "[1, 4]", "FP32", "[1, 2, 3, 4]"),
            400,
            "unknown input 'temperature'"),
        Arguments.of(
            "wrong shape",
            infer,
            inputs(input, null, "[1, 3]", "FP32", "[1, 2, 3]"),
            400,
            "expected [N, 4]"),
        Arguments.of(
            "shape not matching data",
            infer,
            inputs(input, null, "[2, 4]", "FP32", "[1, 2, 3, 4]"),
            400,
            "needs 8 values, but data has 4"),
        Arguments.of(
            "unsupported datatype",
            infer,
            inputs(input, null, "[1, 4]", "BYTES", "[\"a\", \"b\", \"c\", \"d\"]"),
            400,
            "is BYTES, but the model's input"),
        Arguments.of(
            "data not matching datatype",
            infer,
            inputs(input, null, "[1, 4]", "FP32", "[1, 2, \"x\", 4]"),
            400,
            "data must hold only numbers"),
        Arguments.of(
            "missing data",
            infer,
            inputs(input, null, "[1, 4]", "FP32", "null"),
            400,
            "data is required"),
        Arguments.of(
            "unknown requested output",
            infer,
            inputs(input, null, "[1, 4]", "FP32", "[1, 2, 3, 4]")
                .replaceFirst("]}$", "], \"outputs\": [{\"name\": \"logits\"}]}"),
            400,
            "unknown output 'logits'"),
        Arguments.of(
            "body over the limit",
            infer,
            "{\"pad\": \"" + "x".repeat((int) MAX_BODY_BYTES) + "\"}",
            413,
            "larger than the limit of 65536 bytes"));
  }

  private static String inputs(
      String template, String name, String shape, String type, String data) {
    return "{\"inputs\": ["
        + template
            .replace("INPUT", name == null ? descriptor.inputName() : name)
            .replace("SHAPE", shape)
            .replace("TYPE", type)
            .replace("DATA", data)
        + "]}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void refusesAMalformedRequestWithAMessageAndKeepsServing(
      String what, String path, String body, int status, String message) throws Exception {
    var response = client.post(path, body == null ? tensorRequest("x", 1) : body);

    assertThat(response.statusCode()).as(what).isEqualTo(status);
    assertThat(json(response).get("error").asText()).as(what).contains(message);
    assertThat(
            client.post("/v2/models/" + MODEL + "/infer", tensorRequest("after", 1)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void refusesAChunkedBodyOverTheLimitWith413() throws Exception {
    byte[] large = new byte[(int) MAX_BODY_BYTES * 2];
    java.util.Arrays.fill(large, (byte) ' ');

    var response =
        client.post(
            "/v2/models/" + MODEL + "/infer",
            java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(large)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(client.get("/v2/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownEndpointsAnswer404WithAnErrorBody() throws Exception {
    var response = client.get("/v2/nothing/here");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error").asText())
        .isEqualTo("no such endpoint: GET /v2/nothing/here");
  }

  @Test
  void logsExactlyOnePredictionEventPerInferRequestIncludingFailedOnes() throws Exception {
    GatewayConfig counted = config().withTopics("counted-predictions", "counted-labels");
    List<Integer> statuses = new ArrayList<>();
    try (InferenceGateway own = InferenceGateway.start(counted, CLOCK)) {
      GatewayClient ownClient = new GatewayClient(own.port());
      String infer = "/v2/models/" + MODEL + "/infer";
      for (int i = 0; i < 7; i++) {
        statuses.add(ownClient.post(infer, tensorRequest("ok-" + i, 1 + i % 3)).statusCode());
      }
      statuses.add(ownClient.post(infer, "{not json").statusCode());
      statuses.add(
          ownClient.post("/v2/models/nope/infer", tensorRequest("no-model", 1)).statusCode());
      statuses.add(
          ownClient
              .post(
                  infer,
                  // Flat data of a shape that fits it but not the model: refused after routing.
                  tensorRequest("bad-shape", 1)
                      .replace("[1, 4]", "[2, 2]")
                      .replace("[[", "[")
                      .replace("]]}", "]}"))
              .statusCode());
    }
    assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 200, 200, 400, 404, 400);

    List<PredictionEvent> events;
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "counted-predictions")) {
      reader.atLeast(16, KAFKA_WAIT);
      events = decode(reader.settle(Duration.ofSeconds(1)), SingleObjectCodec.predictions());
    }

    // One event per answered row (requests of 1, 2, 3, 1, 2, 3, 1 rows), one per refusal.
    assertThat(events).hasSize(16);
    assertThat(events).extracting(PredictionEvent::getModel).containsOnly(MODEL, "nope");
    assertThat(events).extracting(PredictionEvent::getEventTime).containsOnly(NOON);
    Map<PredictionStatus, Long> byStatus =
        events.stream()
            .collect(Collectors.groupingBy(PredictionEvent::getStatus, Collectors.counting()));
    assertThat(byStatus)
        .containsOnly(
            Map.entry(PredictionStatus.OK, 13L), Map.entry(PredictionStatus.CLIENT_ERROR, 3L));
    assertThat(events)
        .extracting(PredictionEvent::getRequestId)
        .contains("ok-0", "ok-1#0", "ok-1#1", "ok-2#0", "ok-2#1", "ok-2#2", "ok-3")
        .doesNotContain("ok-2", "ok-0#0");

    PredictionEvent ok =
        events.stream().filter(e -> e.getRequestId().equals("ok-2#0")).findFirst().orElseThrow();
    assertThat(ok.getVersion()).isEqualTo("2");
    assertThat(ok.getBatchSize()).isEqualTo(3);
    assertThat(ok.getNumericFeatures().keySet())
        .containsExactlyInAnyOrderElementsOf(descriptor.featureNames());
    assertThat(ok.getNumericFeatures().get(descriptor.featureNames().get(0)))
        .isCloseTo(10.9, within(1e-5));
    assertThat(ok.getProbabilities().keySet())
        .containsExactlyInAnyOrderElementsOf(descriptor.classLabels());
    assertThat(ok.getScore()).isEqualTo(ok.getProbabilities().get(ok.getPredictedClass()));
    assertThat(ok.getLatencyMicros()).isPositive().isGreaterThanOrEqualTo(ok.getComputeMicros());

    PredictionEvent noModel =
        events.stream().filter(e -> e.getRequestId().equals("no-model")).findFirst().orElseThrow();
    assertThat(noModel.getErrorCode()).isEqualTo(404);
    assertThat(noModel.getVersion()).isEmpty();
    assertThat(noModel.getErrorMessage()).contains("unknown model 'nope'");
    PredictionEvent badShape =
        events.stream().filter(e -> e.getRequestId().equals("bad-shape")).findFirst().orElseThrow();
    assertThat(badShape.getErrorCode()).isEqualTo(400);
    assertThat(badShape.getVersion()).isEqualTo("2");
  }

  @Test
  void feedbackIsPublishedToTheLabelsTopicKeyedByRequestId() throws Exception {
    var accepted =
        client.post(
            "/v1/feedback",
            "[{\"id\": \"rainy-1\", \"label\": \"rain\"}, {\"id\": \"other\", \"label\": 0.5}]");
    var single = client.post("/v1/feedback", "{\"id\": \"sunny\", \"label\": \"sun\"}");
    var refused = client.post("/v1/feedback", "[{\"label\": \"rain\"}]");

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.body()).isEqualTo("{\"accepted\":2}");
    assertThat(single.statusCode()).isEqualTo(202);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("error").asText()).contains("feedback[0].id");
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "labels")) {
      List<ConsumerRecord<String, byte[]>> records = reader.atLeast(3, KAFKA_WAIT);
      assertThat(records).extracting(ConsumerRecord::key).contains("rainy-1", "other", "sunny");
      assertThat(decode(records, SingleObjectCodec.labels()))
          .contains(
              new LabelEvent("rainy-1", "rain", null, NOON),
              new LabelEvent("other", null, 0.5, NOON),
              new LabelEvent("sunny", "sun", null, NOON));
    }
  }

  @Test
  void announcesEveryVersionOnModelEventsWithItsDescriptorLineageAndReferenceProfile() {
    Map<String, List<ModelEvent>> byKey;
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "model-events")) {
      List<ConsumerRecord<String, byte[]>> records = reader.atLeast(3, KAFKA_WAIT);
      List<ModelEvent> events = decode(records, SingleObjectCodec.modelEvents());
      byKey = events.stream().collect(Collectors.groupingBy(ModelEvents::key));
      assertThat(records).extracting(ConsumerRecord::key).allMatch(byKey::containsKey);
    }

    assertThat(byKey).containsOnlyKeys(MODEL + "/1", MODEL + "/2", MODEL + "/3");
    ModelEvent first = byKey.get(MODEL + "/1").get(0);
    assertThat(first.getType()).isEqualTo(ModelEventType.LOADED);
    assertThat(first.getEventTime()).isEqualTo(NOON);
    assertThat(first.getLineage())
        .isEqualTo(descriptor.lineage())
        .containsKey("training_data_sha256");
    assertThat(first.getFeatures())
        .extracting(FeatureSpec::getName)
        .containsExactlyElementsOf(descriptor.featureNames());
    assertThat(first.getClassLabels()).isEqualTo(descriptor.classLabels());
    ReferenceProfile profile =
        SingleObjectCodec.referenceProfiles().decode(bytes(first.getReferenceProfile()));
    assertThat(profile.getModel()).isEqualTo(MODEL);
    assertThat(profile.getFeatures())
        .extracting(ColumnProfile::getName)
        .containsExactlyElementsOf(descriptor.featureNames());
    ModelEvent withoutProfile = byKey.get(MODEL + "/2").get(0);
    assertThat(withoutProfile.getType()).isEqualTo(ModelEventType.LOADED);
    assertThat(withoutProfile.getReferenceProfile()).isNull();
    ModelEvent broken = byKey.get(MODEL + "/3").get(0);
    assertThat(broken.getType()).isEqualTo(ModelEventType.LOAD_FAILED);
    assertThat(broken.getMessage()).isNotBlank();
  }

  @Test
  void metricsShowRequestAndPredictionLogCountersPerModelAndVersion() throws Exception {
    client.post("/v2/models/" + MODEL + "/infer", tensorRequest("metered", 2));
    client.post("/v2/models/" + MODEL + "/infer", "{");
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "predictions")) {
      reader.atLeast(2, KAFKA_WAIT);
    }

    var response = client.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    String metrics = response.body();
    assertThat(metrics)
        .contains(
            "gateway_inference_success_total{code=\"200\",model=\"" + MODEL + "\",version=\"2\"}")
        .contains(
            "gateway_inference_failure_total{code=\"400\",model=\""
                + MODEL
                + "\",reason=\"bad_request\",version=\"\"}")
        .contains("gateway_inference_request_duration_seconds_count{model=\"" + MODEL)
        .contains("gateway_inference_compute_duration_seconds_count{model=\"" + MODEL)
        .contains("gateway_inference_queue_duration_seconds_count{model=\"" + MODEL)
        .contains("gateway_inference_batch_size_rows_count{model=\"" + MODEL)
        .contains("gateway_inference_pending ")
        .contains("gateway_prediction_log_queue_depth{topic=\"predictions\"}")
        .contains(
            "gateway_prediction_log_sent_total{model=\""
                + MODEL
                + "\",topic=\"predictions\",version=\"2\"}")
        .contains("gateway_prediction_log_dropped_total")
        .contains("jvm_memory_used_bytes");
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
      List<ConsumerRecord<String, byte[]>> records, SingleObjectCodec<T> codec) {
    return records.stream().map(r -> codec.decode(r.value())).toList();
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
