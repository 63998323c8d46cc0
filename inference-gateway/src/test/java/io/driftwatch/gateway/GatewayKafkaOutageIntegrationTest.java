package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka being down never slows or fails inference: the prediction log buffers, drops and counts.
 */
class GatewayKafkaOutageIntegrationTest {

  private static final String MODEL = DemoModel.NAME;

  /** Far above a local inference (about a millisecond), far below a Kafka timeout (seconds). */
  private static final Duration PROMPT = Duration.ofMillis(1_000);

  @TempDir static Path work;
  private static ModelDescriptor descriptor;

  @BeforeAll
  static void writeDemoModel() throws Exception {
    Path version = DemoModel.writeRepository(work.resolve("models"));
    descriptor = ModelDescriptor.read(version.resolve(ModelDescriptor.FILE_NAME));
  }

  private static GatewayConfig config(String bootstrapServers) {
    return GatewayConfig.defaults(work.resolve("models"), bootstrapServers)
        .withPort(0)
        .withDevice(Device.CPU);
  }

  private String request(String id) {
    return """
        {"id": "%s", "inputs": [{"name": "%s", "shape": [1, 4], "datatype": "FP32",
                               "data": [0.0, 12.2, 5.6, 4.7]}]}
        """
        .formatted(id, descriptor.inputName());
  }

  /** Sends one infer request and asserts it is answered 200 within {@link #PROMPT}. */
  private void inferPromptly(GatewayClient client, String id) throws Exception {
    long start = System.nanoTime();
    int status = client.post("/v2/models/" + MODEL + "/infer", request(id)).statusCode();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(status).as(id).isEqualTo(200);
    assertThat(took).as("answer time of %s", id).isLessThan(PROMPT);
  }

  @Test
  void whileTheBrokerIsDownRequestsAnswerPromptlyAndTheirEventsArriveAfterItReturns()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0)) {
      kafka.createTopics(1, "predictions", "labels");
      try (InferenceGateway gateway =
              InferenceGateway.start(config(kafka.bootstrapServers()), Clock.systemUTC());
          TopicReader reader = new TopicReader(kafka.bootstrapServers(), "predictions")) {
        GatewayClient client = new GatewayClient(gateway.port());
        inferPromptly(client, "before");
        assertThat(reader.atLeast(1, Duration.ofSeconds(30))).hasSize(1);

        kafka.stop();
        for (int i = 0; i < 20; i++) {
          inferPromptly(client, "during-" + i);
        }
        kafka.restart();

        List<String> ids =
            reader.atLeast(21, Duration.ofSeconds(60)).stream()
                .map(r -> SingleObjectCodec.predictions().decode(r.value()))
                .map(PredictionEvent::getRequestId)
                .toList();
        assertThat(ids).hasSize(21).doesNotHaveDuplicates().contains("before", "during-19");
      }
    }
  }

  @Test
  void withNoBrokerAtAllRequestsAnswerPromptlyAndTheFullLogDropsAndCounts() throws Exception {
    String nowhere;
    try (ServerSocket unused = new ServerSocket(0)) {
      nowhere = "127.0.0.1:" + unused.getLocalPort();
    }
    InferenceGateway gateway =
        InferenceGateway.start(config(nowhere).withPredictionLogCapacity(2), Clock.systemUTC());
    try {
      GatewayClient client = new GatewayClient(gateway.port());
      for (int i = 0; i < 10; i++) {
        inferPromptly(client, "unlogged-" + i);
      }

      String labels =
          IntStream.range(0, 10)
              .mapToObj(i -> "{\"id\": \"unlogged-" + i + "\", \"label\": \"rain\"}")
              .collect(Collectors.joining(", ", "[", "]"));
      HttpResponse<String> feedback = client.post("/v1/feedback", labels);

      String metrics = client.get("/metrics").body();
      assertThat(counter(metrics, "gateway_prediction_log_dropped_total"))
          .isGreaterThanOrEqualTo(7);
      assertThat(metrics).contains("gateway_inference_success_total{code=\"200\"");
      assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(503);
      assertThat(feedback.headers().firstValue("Retry-After")).hasValue("1");
      int accepted = GatewayClient.json(feedback).get("accepted").asInt(-1);
      assertThat(accepted)
          .as("the label log's capacity, and one the sender holds: " + feedback.body())
          .isBetween(2, 3);
      assertThat(GatewayClient.json(feedback).get("error").asText())
          .isEqualTo(
              "label log is full: accepted the first "
                  + accepted
                  + " of 10 labels; send the other "
                  + (10 - accepted)
                  + " again later");
    } finally {
      long start = System.nanoTime();
      gateway.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
  }

  private static double counter(String metrics, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(metrics);
    assertThat(matcher.find()).as("%s in /metrics", name).isTrue();
    return Double.parseDouble(matcher.group(1));
  }
}
