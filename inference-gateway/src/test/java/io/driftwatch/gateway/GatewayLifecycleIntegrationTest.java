package io.driftwatch.gateway;

import static io.driftwatch.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import io.driftwatch.training.WeatherDataset;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model lifecycle and traffic on real parts: demo-model versions trained by model-training, ONNX
 * Runtime, an in-process Kafka broker and real HTTP. Each test starts its own gateway on its own
 * repository (versions 1 and 2 to begin with) and its own topics.
 */
class GatewayLifecycleIntegrationTest {

  private static final String MODEL = DemoModel.NAME;
  private static final String BASE = "/v2/repository/models/" + MODEL;
  private static final String INFER = "/v2/models/" + MODEL + "/infer";
  private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOON, ZoneOffset.UTC);
  private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

  @TempDir static Path work;
  private static Path trained;
  private static EmbeddedKafka kafka;
  private static String inputName;

  private Path root;
  private String topics;
  private InferenceGateway gateway;
  private GatewayClient client;

  @BeforeAll
  static void trainVersionsAndStartKafka() throws IOException {
    trained = work.resolve("trained");
    Path first = DemoModel.writeRepository(trained);
    DemoModel.writeVersion(trained, "2", WeatherDataset.bundled().seattle(), 7);
    DemoModel.writeVersion(trained, "3", WeatherDataset.bundled().seattle(), 11);
    inputName = ModelDescriptor.read(first.resolve(ModelDescriptor.FILE_NAME)).inputName();
    kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @AfterEach
  void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /**
   * Starts a gateway on a fresh repository with versions 1 and 2 and topics named after the test.
   */
  private void startGateway(TestInfo test, Duration pollInterval) throws IOException {
    String name = test.getTestMethod().orElseThrow().getName();
    root = work.resolve(name);
    addVersion("1");
    addVersion("2");
    topics = name;
    kafka.createTopics(1, topics + "-predictions", topics + "-labels", topics + "-model-events");
    GatewayConfig config =
        GatewayConfig.defaults(root, kafka.bootstrapServers()).toBuilder()
            .port(0)
            .predictionsTopic(topics + "-predictions")
            .labelsTopic(topics + "-labels")
            .modelEventsTopic(topics + "-model-events")
            .device(Device.CPU)
            .lifecycle(ModelLifecycle.defaults().withRepositoryPollInterval(pollInterval))
            .build();
    gateway = InferenceGateway.start(config, CLOCK);
    client = new GatewayClient(gateway.port());
  }

  private void addVersion(String version) throws IOException {
    Path target = Files.createDirectories(root.resolve(MODEL).resolve(version));
    try (Stream<Path> files = Files.list(trained.resolve(MODEL).resolve(version))) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private void writePolicy(String policyJson) throws IOException {
    Files.writeString(
        root.resolve(MODEL).resolve(ModelConfigFile.NAME),
        "{\"version_policy\": " + policyJson + "}");
  }

  /** A rainy day in the descriptor's column order (precipitation, temp_max, temp_min, wind). */
  private static String rainyDay(String id) {
    return """
        {"id": "%s", "inputs": [{"name": "%s", "shape": [1, 4], "datatype": "FP32",
         "data": [[10.9, 10.6, 2.8, 4.5]]}]}
        """
        .formatted(id, inputName);
  }

  private HttpResponse<String> infer(String id) throws Exception {
    return client.post(INFER, rainyDay(id));
  }

  private String servingVersion(String id) throws Exception {
    HttpResponse<String> response = infer(id);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("model_version").asText();
  }

  private JsonNode traffic() throws Exception {
    HttpResponse<String> response = client.get(BASE + "/traffic");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private static List<String> states(JsonNode versions) {
    List<String> states = new ArrayList<>();
    versions.forEach(v -> states.add(v.get("version").asText() + " " + v.get("state").asText()));
    return states;
  }

  private List<ModelEvent> modelEvents(int atLeast) {
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics + "-model-events")) {
      return reader.atLeast(atLeast, KAFKA_WAIT).stream()
          .map(r -> SingleObjectCodec.modelEvents().decode(r.value()))
          .toList();
    }
  }

  private List<PredictionEvent> predictionEvents(int atLeast) {
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics + "-predictions")) {
      return reader.atLeast(atLeast, KAFKA_WAIT).stream()
          .map(r -> SingleObjectCodec.predictions().decode(r.value()))
          .toList();
    }
  }

  @Test
  void loadingANewVersionMakesItChampionKeepsThePreviousAndUnloadsTheOldest(TestInfo test)
      throws Exception {
    startGateway(test, Duration.ZERO);
    assertThat(servingVersion("before")).isEqualTo("2");
    addVersion("3");

    HttpResponse<String> loaded = client.post(BASE + "/load", "");

    assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
    assertThat(json(loaded).get("model").asText()).isEqualTo(MODEL);
    assertThat(states(json(loaded).get("versions")))
        .containsExactly("1 UNAVAILABLE", "2 READY", "3 READY");
    assertThat(servingVersion("after")).isEqualTo("3");
    JsonNode traffic = traffic();
    assertThat(traffic.get("champion").asText()).isEqualTo("3");
    assertThat(traffic.get("previous_champion").asText()).isEqualTo("2");
    assertThat(traffic.get("challenger").isNull()).isTrue();
    assertThat(traffic.get("shadow").isNull()).isTrue();
    assertThat(traffic.get("champion_since").asText()).isEqualTo(NOON.toString());
    assertThat(traffic.get("history").get(1).get("reason").asText())
        .isEqualTo("version 3 loaded by request");
    List<ModelEvent> events = modelEvents(4);
    assertThat(events)
        .extracting(ModelEvent::getVersion, ModelEvent::getType)
        .containsExactly(
            tuple("2", ModelEventType.LOADED),
            tuple("1", ModelEventType.LOADED),
            tuple("3", ModelEventType.LOADED),
            tuple("1", ModelEventType.UNLOADED));
    assertThat(events.get(2).getReferenceProfile()).isNotNull();
  }

  @Test
  void aFailedLoadAnswers400WithTheReasonAndTheChampionKeepsServing(TestInfo test)
      throws Exception {
    startGateway(test, Duration.ZERO);
    Path broken = Files.createDirectories(root.resolve(MODEL).resolve("3"));
    Files.copy(
        root.resolve(MODEL).resolve("1").resolve(ModelDescriptor.FILE_NAME),
        broken.resolve(ModelDescriptor.FILE_NAME));
    Files.writeString(broken.resolve("model.onnx"), "corrupt");

    HttpResponse<String> refused = client.post(BASE + "/load", "");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("error").asText())
        .startsWith("failed to load model '" + MODEL + "' version 3: ONNX Runtime cannot load");
    JsonNode index = json(client.post("/v2/repository/index", ""));
    assertThat(states(index)).containsExactly("1 READY", "2 READY", "3 UNAVAILABLE");
    assertThat(index.get(2).get("reason").asText()).contains("model.onnx");
    assertThat(servingVersion("still-serving")).isEqualTo("2");
    assertThat(client.get("/v2/health/ready").statusCode()).isEqualTo(200);
    assertThat(modelEvents(3))
        .filteredOn(e -> e.getType() == ModelEventType.LOAD_FAILED)
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.getVersion()).isEqualTo("3");
              assertThat(failed.getMessage()).contains("ONNX Runtime cannot load");
            });
  }

  @Test
  void unloadingAModelRefusesItsRequestsUntilItIsLoadedAgain(TestInfo test) throws Exception {
    startGateway(test, Duration.ZERO);

    HttpResponse<String> unloaded = client.post(BASE + "/unload", "");

    assertThat(unloaded.statusCode()).isEqualTo(200);
    assertThat(states(json(unloaded).get("versions")))
        .containsExactly("1 UNAVAILABLE", "2 UNAVAILABLE");
    HttpResponse<String> refused = infer("while-unloaded");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(client.get("/v2/models/" + MODEL + "/ready").statusCode()).isEqualTo(503);

    assertThat(client.post(BASE + "/load", "").statusCode()).isEqualTo(200);

    assertThat(servingVersion("reloaded")).isEqualTo("2");
    assertThat(modelEvents(6))
        .extracting(ModelEvent::getVersion, ModelEvent::getType)
        .containsExactly(
            tuple("2", ModelEventType.LOADED),
            tuple("1", ModelEventType.LOADED),
            tuple("1", ModelEventType.UNLOADED),
            tuple("2", ModelEventType.UNLOADED),
            tuple("2", ModelEventType.LOADED),
            tuple("1", ModelEventType.LOADED));
    assertThat(client.post("/v2/repository/models/nope/unload", "").statusCode()).isEqualTo(404);
  }

  @Test
  void pollingPicksUpANewVersionWithoutARequest(TestInfo test) throws Exception {
    startGateway(test, Duration.ofMillis(100));

    addVersion("3");

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String serving = servingVersion("poll-0");
    for (int i = 1; !serving.equals("3") && System.nanoTime() < deadline; i++) {
      Thread.sleep(50);
      serving = servingVersion("poll-" + i);
    }
    assertThat(serving).isEqualTo("3");
    assertThat(json(client.get("/v2/models/" + MODEL)).get("versions").toString())
        .isEqualTo("[\"2\",\"3\"]");
    assertThat(traffic().get("history").get(1).get("reason").asText())
        .isEqualTo("version 3 loaded by polling");
  }

  @Test
  void requestsDuringRepeatedChampionSwapsAllSucceed(TestInfo test) throws Exception {
    startGateway(test, Duration.ZERO);
    addVersion("3");
    AtomicBoolean swapping = new AtomicBoolean(true);
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      running.add(
          clients.submit(
              () -> {
                for (int i = 0; swapping.get() || i < 20; i++) {
                  HttpResponse<String> response = infer("swap-" + thread + "-" + i);
                  statuses
                      .computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                      .incrementAndGet();
                  if (response.statusCode() == 200) {
                    versionsSeen.add(json(response).get("model_version").asText());
                  }
                }
                return null;
              }));
    }

    // Each load unloads the champion and makes the other version champion.
    for (int swap = 0; swap < 6; swap++) {
      writePolicy("{\"specific\": {\"versions\": [" + (swap % 2 == 0 ? 3 : 2) + "]}}");
      HttpResponse<String> loaded = client.post(BASE + "/load", "");
      assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
      Thread.sleep(100);
    }
    swapping.set(false);
    for (Future<?> future : running) {
      future.get();
    }
    clients.shutdown();

    assertThat(statuses).containsOnlyKeys(200);
    assertThat(statuses.get(200).get()).isGreaterThanOrEqualTo(80);
    assertThat(versionsSeen).contains("2", "3");
    // The sixth swap selected version 2 alone.
    assertThat(states(json(client.post("/v2/repository/index", ""))))
        .containsExactly("1 UNAVAILABLE", "2 READY", "3 UNAVAILABLE");
    assertThat(traffic().get("champion").asText()).isEqualTo("2");
  }

  @Test
  void aChallengerAnswersItsWeightOfRoutingKeysStickilyAndEventsNameTheVariant(TestInfo test)
      throws Exception {
    startGateway(test, Duration.ZERO);

    HttpResponse<String> set =
        client.post(BASE + "/traffic", "{\"challenger\": {\"version\": \"1\", \"weight\": 0.3}}");

    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(json(set).get("challenger").toString())
        .isEqualTo("{\"version\":\"1\",\"weight\":0.3}");
    int keys = 300;
    Map<String, String> versionByKey = new ConcurrentHashMap<>();
    for (int k = 0; k < keys; k++) {
      HttpResponse<String> response =
          client.post(INFER, rainyDay("split-" + k), "X-Routing-Key", "customer-" + k);
      versionByKey.put("customer-" + k, json(response).get("model_version").asText());
    }
    long toChallenger = versionByKey.values().stream().filter("1"::equals).count();
    // 300 keys at p = 0.3: standard deviation 0.026; allow about 3.5 of them.
    assertThat(toChallenger / (double) keys).isCloseTo(0.3, within(0.09));
    for (int k = 0; k < 20; k++) {
      HttpResponse<String> again =
          client.post(INFER, rainyDay("again-" + k), "X-Routing-Key", "customer-" + k);
      assertThat(json(again).get("model_version").asText())
          .isEqualTo(versionByKey.get("customer-" + k));
    }
    assertThat(
            json(client.post("/v2/models/" + MODEL + "/versions/1/infer", rainyDay("explicit")))
                .get("model_version")
                .asText())
        .isEqualTo("1");

    Map<String, PredictionEvent> byId =
        predictionEvents(keys + 21).stream()
            .collect(Collectors.toMap(PredictionEvent::getRequestId, e -> e, (a, b) -> a));
    for (int k = 0; k < keys; k++) {
      PredictionEvent event = byId.get("split-" + k);
      String expected = versionByKey.get("customer-" + k).equals("1") ? "challenger" : "champion";
      assertThat(event.getVariant()).as(event.getRequestId()).isEqualTo(expected);
    }
    assertThat(byId.get("explicit").getVariant()).isEqualTo("challenger");
    assertThat(client.get("/metrics").body())
        .contains("gateway_routing_decisions_total{model=\"" + MODEL + "\",variant=\"challenger\"}")
        .contains("gateway_routing_decisions_total{model=\"" + MODEL + "\",variant=\"champion\"}");
  }

  @Test
  void aShadowScoresEveryAnsweredRequestButItsAnswerIsNeverReturned(TestInfo test)
      throws Exception {
    startGateway(test, Duration.ZERO);
    assertThat(client.post(BASE + "/traffic", "{\"shadow\": \"1\"}").statusCode()).isEqualTo(200);

    for (int i = 0; i < 10; i++) {
      assertThat(servingVersion("shadowed-" + i)).isEqualTo("2");
    }

    List<PredictionEvent> events = predictionEvents(20);
    assertThat(events)
        .filteredOn(e -> e.getRequestId().equals("shadowed-3"))
        .extracting(PredictionEvent::getVersion, PredictionEvent::getVariant)
        .containsExactlyInAnyOrder(tuple("2", "champion"), tuple("1", "shadow"));
    assertThat(events)
        .filteredOn(e -> e.getVariant().equals("shadow"))
        .hasSize(10)
        .allSatisfy(e -> assertThat(e.getPredictedClass()).isNotNull());
    assertThat(traffic().get("shadow").asText()).isEqualTo("1");
    assertThat(client.get("/metrics").body())
        .contains(
            "gateway_routing_decisions_total{model=\"" + MODEL + "\",variant=\"shadow\"} 10.0");

    assertThat(client.post(BASE + "/traffic", "{\"shadow\": null}").statusCode()).isEqualTo(200);
    assertThat(traffic().get("shadow").isNull()).isTrue();
  }

  @Test
  void aShadowThatFailsIsLoggedAsAServerErrorAndNeverTouchesTheAnswer(TestInfo test)
      throws Exception {
    startGateway(test, Duration.ZERO);
    addVersion("3");
    Path three = root.resolve(MODEL).resolve("3");
    ModelDescriptor descriptor = ModelDescriptor.read(three.resolve(ModelDescriptor.FILE_NAME));
    Files.write(
        three.resolve("model.onnx"),
        TypedModels.failing(
            descriptor.inputName(),
            descriptor.outputName(),
            descriptor.features().size(),
            descriptor.classLabels().size()));
    assertThat(client.post(BASE + "/load", "").statusCode()).isEqualTo(200);
    assertThat(client.post(BASE + "/traffic", "{\"champion\": \"2\", \"shadow\": \"3\"}"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(200);

    for (int i = 0; i < 5; i++) {
      assertThat(servingVersion("failing-shadow-" + i)).isEqualTo("2");
    }

    List<PredictionEvent> events = predictionEvents(10);
    assertThat(events)
        .filteredOn(e -> e.getVariant().equals("shadow"))
        .hasSize(5)
        .allSatisfy(
            e -> {
              assertThat(e.getVersion()).isEqualTo("3");
              assertThat(e.getStatus()).isEqualTo(PredictionStatus.SERVER_ERROR);
              assertThat(e.getErrorCode()).isEqualTo(500);
              assertThat(e.getErrorMessage()).startsWith("model " + MODEL + " version 3 failed: ");
            });
    assertThat(events)
        .filteredOn(e -> e.getVariant().equals("champion"))
        .hasSize(5)
        .allSatisfy(e -> assertThat(e.getStatus()).isEqualTo(PredictionStatus.OK));
  }

  @Test
  void trafficChangesNamingAnUnloadedVersionOrABadWeightAreRefusedNamingTheField(TestInfo test)
      throws Exception {
    startGateway(test, Duration.ZERO);

    HttpResponse<String> unknownChallenger =
        client.post(BASE + "/traffic", "{\"challenger\": {\"version\": \"7\", \"weight\": 0.1}}");
    HttpResponse<String> badWeight =
        client.post(BASE + "/traffic", "{\"challenger\": {\"version\": \"1\", \"weight\": 1.5}}");
    HttpResponse<String> unknownChampion = client.post(BASE + "/traffic", "{\"champion\": \"9\"}");
    HttpResponse<String> unknownModel =
        client.post("/v2/repository/models/nope/traffic", "{\"champion\": \"1\"}");

    assertThat(unknownChallenger.statusCode()).isEqualTo(400);
    assertThat(json(unknownChallenger).get("error").asText())
        .startsWith("challenger.version: model '" + MODEL + "' has no loaded version '7'");
    assertThat(badWeight.statusCode()).isEqualTo(400);
    assertThat(json(badWeight).get("error").asText())
        .isEqualTo("challenger.weight must be in [0, 1], was 1.5");
    assertThat(unknownChampion.statusCode()).isEqualTo(400);
    assertThat(json(unknownChampion).get("error").asText()).startsWith("champion: ");
    assertThat(unknownModel.statusCode()).isEqualTo(404);
    assertThat(traffic().get("challenger").isNull()).isTrue();

    HttpResponse<String> promoted =
        client.post(BASE + "/traffic", "{\"champion\": \"1\", \"reason\": \"canary passed\"}");
    assertThat(promoted.statusCode()).isEqualTo(200);
    assertThat(json(promoted).get("champion").asText()).isEqualTo("1");
    assertThat(json(promoted).get("previous_champion").asText()).isEqualTo("2");
    assertThat(servingVersion("after-promotion")).isEqualTo("1");
  }

  @Test
  void rollbackRestoresThePreviousChampionRecordsWhyAndThenHasNothingLeft(TestInfo test)
      throws Exception {
    startGateway(test, Duration.ZERO);
    HttpResponse<String> nothingYet = client.post(BASE + "/rollback", "");
    assertThat(nothingYet.statusCode()).isEqualTo(409);
    assertThat(json(nothingYet).get("error").asText()).contains("no previous champion");

    addVersion("3");
    client.post(BASE + "/load", "");
    client.post(BASE + "/traffic", "{\"challenger\": {\"version\": \"2\", \"weight\": 0.5}}");
    assertThat(servingVersion("new-champion")).isIn("2", "3");

    HttpResponse<String> rolledBack =
        client.post(BASE + "/rollback", "{\"reason\": \"accuracy dropped below 0.8\"}");

    assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
    JsonNode state = json(rolledBack);
    assertThat(state.get("champion").asText()).isEqualTo("2");
    assertThat(state.get("challenger").isNull()).isTrue();
    assertThat(state.get("previous_champion").isNull()).isTrue();
    JsonNode last = state.get("history").get(state.get("history").size() - 1);
    assertThat(last.get("champion").asText()).isEqualTo("2");
    assertThat(last.get("reason").asText()).isEqualTo("accuracy dropped below 0.8");
    for (int i = 0; i < 10; i++) {
      assertThat(servingVersion("rolled-back-" + i)).isEqualTo("2");
    }
    HttpResponse<String> again = client.post(BASE + "/rollback", "{}");
    assertThat(again.statusCode()).isEqualTo(409);
    HttpResponse<String> toUnloaded = client.post(BASE + "/rollback", "{\"version\": \"1\"}");
    assertThat(toUnloaded.statusCode()).isEqualTo(409);
    assertThat(json(toUnloaded).get("error").asText()).contains("it is not loaded");
  }
}
