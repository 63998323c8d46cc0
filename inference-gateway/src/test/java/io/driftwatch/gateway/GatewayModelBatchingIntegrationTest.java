package io.driftwatch.gateway;

import static io.driftwatch.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.training.DemoModel;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batching set per model in its configuration, on a real gateway over HTTP with real ONNX Runtime;
 * the gateway's own default is off. The demo model is served under four names: as it is (no
 * config), {@value #BATCHED} (config.json: up to 8 rows, 200 ms delay), {@value #ONE_DEEP}
 * (Triton's config.pbtxt: a queue of one request), {@value #UNBATCHABLE} (a block with no batch
 * size: no batching) and {@value #HELD} (a request waits 5 s for others to join it). The gateway
 * logs to a real in-process broker ({@link GatewayBroker}).
 */
class GatewayModelBatchingIntegrationTest {

  private static final String PLAIN = DemoModel.NAME;
  private static final String BATCHED = "batched";
  private static final String ONE_DEEP = "one-deep";
  private static final String UNBATCHABLE = "unbatchable";
  private static final String HELD = "held";
  private static final int CALLERS = 8;
  private static final int FLOOD_CALLERS = 32;

  @TempDir static Path work;
  private static GatewayBroker broker;
  private static InferenceGateway gateway;
  private static GatewayClient client;
  private static ExecutorService callers;

  @BeforeAll
  static void startAGatewayWhoseModelsBatchAsTheirConfigsSay() throws Exception {
    broker = GatewayBroker.start(work.resolve("kafka"));
    Path models = work.resolve("models");
    DemoModel.writeRepository(models);
    copyModel(
        models,
        BATCHED,
        ModelConfigFile.NAME,
        """
        {"max_batch_size": 8, "dynamic_batching": {"max_queue_delay_microseconds": 200000,
         "default_queue_policy": {"max_queue_size": 64}}}
        """);
    copyModel(
        models,
        ONE_DEEP,
        ModelConfigFile.TRITON_NAME,
        """
        name: "one-deep"
        platform: "onnxruntime_onnx"
        max_batch_size: 2
        input [ { name: "input", data_type: TYPE_FP32, dims: [ 4 ] } ]
        dynamic_batching { default_queue_policy { max_queue_size: 1 } }
        """);
    copyModel(models, UNBATCHABLE, ModelConfigFile.NAME, "{\"dynamic_batching\": {}}");
    copyModel(
        models,
        HELD,
        ModelConfigFile.NAME,
        "{\"max_batch_size\": 8, \"dynamic_batching\": {\"max_queue_delay_microseconds\": 5000000}}");
    GatewayConfig config =
        GatewayConfig.defaults(models, broker.bootstrapServers())
            .withPort(0)
            .withDevice(Device.CPU);
    gateway = InferenceGateway.start(config, Clock.systemUTC());
    client = new GatewayClient(gateway.port());
    callers = Executors.newFixedThreadPool(FLOOD_CALLERS);
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

  /**
   * The demo model's version 1 as model {@code name}, with {@code config} in {@code configFile}.
   */
  private static void copyModel(Path models, String name, String configFile, String config)
      throws IOException {
    Path from = models.resolve(DemoModel.NAME).resolve(DemoModel.VERSION);
    Path to = Files.createDirectories(models.resolve(name).resolve(DemoModel.VERSION));
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    Files.writeString(models.resolve(name).resolve(configFile), config);
  }

  private static HttpResponse<String> infer(String model, int i) {
    String body =
        """
        {"id": "r-%d", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32",
         "data": [[%.1f, 12.8, 5.0, 4.7]]}]}
        """
            .formatted(i, 0.5 * i);
    try {
      return client.post("/v2/models/" + model + "/infer", body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<HttpResponse<String>> together(String model, int count) {
    List<CompletableFuture<HttpResponse<String>>> answers =
        IntStream.range(0, count)
            .mapToObj(i -> CompletableFuture.supplyAsync(() -> infer(model, i), callers))
            .toList();
    return answers.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void metadataReportsTheBatchingEachModelsConfigSetsAndNoneForAModelWithout() throws Exception {
    JsonNode batched = json(client.get("/v2/models/" + BATCHED)).get("parameters");
    JsonNode plain = json(client.get("/v2/models/" + PLAIN)).get("parameters");

    assertThat(batched.toString())
        .isEqualTo(
            "{\"execution_provider\":\"CPU\",\"max_batch_size\":8,"
                + "\"max_queue_delay_microseconds\":200000,\"max_queue_size\":64}");
    assertThat(plain.toString()).isEqualTo("{\"execution_provider\":\"CPU\"}");
  }

  @Test
  void requestsToTheBatchingModelShareModelCallsWhileTheOtherRunsEachAlone() throws Exception {
    List<HttpResponse<String>> answers = together(BATCHED, CALLERS);
    together(PLAIN, CALLERS);

    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(200));
    String metrics = client.get("/metrics").body();
    assertThat(metrics)
        .containsPattern(
            "gateway_inference_execution_rows_max\\{model=\"batched\",version=\"1\"\\} [2-8]\\.0")
        .doesNotContain("gateway_inference_execution_rows_count{model=\"" + PLAIN + "\"");
  }

  @Test
  void aFullQueueIsAnswered503WithRetryAfterAtOnceAndTheModelKeepsServing() throws Exception {
    AtomicReference<HttpResponse<String>> refused = new AtomicReference<>();
    List<HttpResponse<String>> others = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (refused.get() == null && System.nanoTime() < deadline) {
      for (HttpResponse<String> answer : together(ONE_DEEP, FLOOD_CALLERS)) {
        if (answer.statusCode() == 503) {
          refused.compareAndSet(null, answer);
        } else {
          others.add(answer);
        }
      }
    }

    assertThat(refused.get()).as("a 503 among requests flooding a queue of one").isNotNull();
    assertThat(refused.get().headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(refused.get()).get("error").asText())
        .isEqualTo("model one-deep version 1 is overloaded: its queue of 1 request is full");
    assertThat(others).allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(200));
    assertThat(infer(ONE_DEEP, 0).statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestHeldInTheBatchQueueWhenItsModelIsUnloadedIsStillAnswered() throws Exception {
    CompletableFuture<HttpResponse<String>> held =
        CompletableFuture.supplyAsync(() -> infer(HELD, 7), callers);
    // Well inside the 5 s the batcher holds it for others to join.
    Thread.sleep(500);
    long unloadedAt = System.nanoTime();

    HttpResponse<String> unloaded = client.post("/v2/repository/models/" + HELD + "/unload", "");

    assertThat(unloaded.statusCode()).as(unloaded.body()).isEqualTo(200);
    HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
    assertThat(held.isDone()).isTrue();
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - unloadedAt))
        .as("unloading runs the held batch at once instead of waiting out its delay")
        .isLessThan(Duration.ofSeconds(4));
    assertThat(json(answer).get("model_version").asText()).isEqualTo("1");
    assertThat(json(answer).get("id").asText()).isEqualTo("r-7");
    assertThat(infer(HELD, 8).statusCode()).isEqualTo(503);
  }

  @Test
  void aBatchingBlockWithoutABatchSizeServesEachRequestAlone() throws Exception {
    assertThat(infer(UNBATCHABLE, 0).statusCode()).isEqualTo(200);
    assertThat(json(client.get("/v2/models/" + UNBATCHABLE)).get("parameters").toString())
        .isEqualTo("{\"execution_provider\":\"CPU\"}");
  }
}
