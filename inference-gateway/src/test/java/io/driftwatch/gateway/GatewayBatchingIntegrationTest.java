package io.driftwatch.gateway;

import static io.driftwatch.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.training.DemoModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic batching on real parts: the demo model on ONNX Runtime behind real HTTP, with an
 * in-process Kafka broker for the prediction log. The gateway batches up to 8 rows and lets the
 * oldest request wait up to 200 ms, so requests sent together share one model call.
 */
class GatewayBatchingIntegrationTest {

  private static final int CALLERS = 8;
  private static final BatchingConfig BATCHING = new BatchingConfig(CALLERS, 200_000, 64);

  @TempDir static Path work;
  private static GatewayBroker broker;
  private static InferenceGateway gateway;
  private static GatewayClient client;
  private static ExecutorService callers;

  @BeforeAll
  static void startKafkaAndABatchingGateway() throws Exception {
    DemoModel.writeRepository(work.resolve("models"));
    broker = GatewayBroker.start(work.resolve("kafka"));
    gateway =
        InferenceGateway.start(
            GatewayConfig.defaults(work.resolve("models"), broker.bootstrapServers())
                .withPort(0)
                .withDevice(Device.CPU)
                .withBatching(BATCHING),
            Clock.systemUTC());
    client = new GatewayClient(gateway.port());
    callers = Executors.newFixedThreadPool(CALLERS);
  }

  @AfterAll
  static void stopEverything() {
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

  /** Day {@code i}: wetter, colder and windier the higher {@code i}, so answers differ. */
  private static String day(String id, int i) {
    return """
        {"id": "%s", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32",
         "data": [[%.1f, %.1f, %.1f, %.1f]]}]}
        """
        .formatted(id, 3.0 * i, 20.0 - 3 * i, 10.0 - 2 * i, 1.0 + i);
  }

  private static HttpResponse<String> infer(String body) {
    try {
      return client.post("/v2/models/" + DemoModel.NAME + "/infer", body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends every body at the same moment, one caller thread each. */
  private static List<HttpResponse<String>> together(List<String> bodies) {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> answers =
        bodies.stream()
            .map(
                body ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return infer(body);
                        },
                        callers))
            .toList();
    go.countDown();
    return answers.stream().map(CompletableFuture::join).toList();
  }

  private static JsonNode probabilities(HttpResponse<String> response) throws Exception {
    for (JsonNode output : json(response).get("outputs")) {
      if (!output.get("name").asText().equals(LoadedModel.LABEL_OUTPUT)) {
        return output.get("data");
      }
    }
    throw new AssertionError("no probabilities in " + response.body());
  }

  private static double metric(String metrics, String line) {
    Matcher value = Pattern.compile(Pattern.quote(line) + " ([0-9.eE+-]+)").matcher(metrics);
    assertThat(value.find()).as(line + " in /metrics").isTrue();
    return Double.parseDouble(value.group(1));
  }

  @Test
  void requestsSentTogetherShareModelCallsAndEachGetsTheAnswerItGetsAlone() throws Exception {
    Map<String, JsonNode> alone = new HashMap<>();
    for (int i = 0; i < CALLERS; i++) {
      alone.put("day-" + i, probabilities(infer(day("alone-" + i, i))));
    }

    List<HttpResponse<String>> answers =
        together(IntStream.range(0, CALLERS).mapToObj(i -> day("day-" + i, i)).toList());

    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      String id = json(answer).get("id").asText();
      assertThat(probabilities(answer)).as(id).isEqualTo(alone.get(id));
    }
    String metrics = client.get("/metrics").body();
    String tags = "model=\"" + DemoModel.NAME + "\",version=\"1\"";
    assertThat(metric(metrics, "gateway_inference_execution_rows_max{" + tags + "}"))
        .as("rows of the largest model call")
        .isGreaterThan(1);
    assertThat(metric(metrics, "gateway_inference_execution_rows_count{" + tags + "}"))
        .as("model calls")
        .isLessThan(2 * CALLERS);
    assertThat(metric(metrics, "gateway_inference_queue_pending{" + tags + "}")).isZero();
  }

  @Test
  void aMalformedRequestAmongBatchedOnesFailsAloneWithA400() throws Exception {
    List<String> bodies =
        IntStream.range(0, CALLERS)
            .mapToObj(i -> i == 3 ? day("bad", i).replace("[1, 4]", "[1, 3]") : day("ok-" + i, i))
            .toList();

    List<HttpResponse<String>> answers = together(bodies);

    assertThat(answers.get(3).statusCode()).isEqualTo(400);
    assertThat(json(answers.get(3)).get("error").asText()).contains("shape [1, 3]");
    for (int i = 0; i < CALLERS; i++) {
      if (i != 3) {
        assertThat(answers.get(i).statusCode()).as(answers.get(i).body()).isEqualTo(200);
        assertThat(json(answers.get(i)).get("id").asText()).isEqualTo("ok-" + i);
      }
    }
  }

  @Test
  void predictionEventsSplitTheWaitForABatchFromTheModelTime() throws Exception {
    together(IntStream.range(0, CALLERS).mapToObj(i -> day("timed-" + i, i)).toList());

    List<PredictionEvent> timed = broker.predictions("timed-", CALLERS);

    assertThat(timed).hasSize(CALLERS);
    for (PredictionEvent event : timed) {
      assertThat(event.getStatus()).isEqualTo(PredictionStatus.OK);
      assertThat(event.getBatchSize()).as("rows of the request itself").isEqualTo(1);
      assertThat(event.getComputeMicros()).isPositive();
      assertThat(event.getQueueMicros() + event.getComputeMicros())
          .isLessThanOrEqualTo(event.getLatencyMicros());
    }
    // The first to arrive waited for the others to join its batch.
    assertThat(timed.stream().mapToLong(PredictionEvent::getQueueMicros).max().orElseThrow())
        .isGreaterThan(
            timed.stream().mapToLong(PredictionEvent::getComputeMicros).max().orElseThrow());
  }
}
