package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} after real traffic on the demo model in ONNX Runtime: every family the
 * product contract names is there per model and version, with buckets for the durations and the
 * batch size, beside the process and JVM families. The prediction log goes to a real in-process
 * broker ({@link GatewayBroker}), so its counters move as they do in production.
 */
class GatewayMetricsIntegrationTest {

  private static final String MODEL = DemoModel.NAME;
  private static final String PER_VERSION = "model=\"" + MODEL + "\"";

  @TempDir static Path work;
  private static GatewayBroker broker;
  private static InferenceGateway gateway;
  private static GatewayClient client;
  private static String scrape;

  @BeforeAll
  static void serveTrafficThenScrape() throws Exception {
    broker = GatewayBroker.start(work.resolve("kafka"));
    Path version = DemoModel.writeRepository(work.resolve("models"));
    String input = ModelDescriptor.read(version.resolve(ModelDescriptor.FILE_NAME)).inputName();
    gateway =
        InferenceGateway.start(
            GatewayConfig.defaults(work.resolve("models"), broker.bootstrapServers())
                .withPort(0)
                .withDevice(Device.CPU),
            Clock.systemUTC());
    client = new GatewayClient(gateway.port());
    String infer = "/v2/models/" + MODEL + "/infer";
    String threeRows =
        """
        {"inputs": [{"name": "%s", "shape": [3, 4], "datatype": "FP32",
                     "data": [10.9, 10.6, 2.8, 4.5, 0, 20.1, 9.2, 2.1, 1.3, 5.5, 1.0, 3.3]}]}
        """
            .formatted(input);
    for (int i = 0; i < 3; i++) {
      assertThat(client.post(infer, threeRows).statusCode()).isEqualTo(200);
    }
    assertThat(client.post(infer, threeRows.replace("[3, 4]", "[6, 2]")).statusCode())
        .isEqualTo(400);
    // One event per answered row (3 × 3) and one for the refusal.
    scrape = scrapeOnceEventsAreSent(10);
  }

  @AfterAll
  static void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** Scrapes until the prediction log acknowledged {@code events} events (the sender is async). */
  private static String scrapeOnceEventsAreSent(int events) throws Exception {
    String text = "";
    double sent = 0;
    for (int attempt = 0; attempt < 300; attempt++) {
      text = client.get("/metrics").body();
      sent =
          series(text, "gateway_prediction_log_sent_total").stream()
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
      if (sent >= events) {
        return text;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the broker acknowledged " + sent + " of " + events + " events within 30 s:\n" + text);
  }

  /** The sample lines of one metric family: {@code name{labels} value}. */
  private static List<String> series(String text, String name) {
    return Arrays.stream(text.split("\n")).filter(l -> l.startsWith(name + "{")).toList();
  }

  private static List<String> ofVersion1(String name) {
    return series(scrape, name).stream()
        .filter(l -> l.contains(PER_VERSION) && l.contains("version=\"1\""))
        .toList();
  }

  @Test
  void successAndFailureCountersArePerModelVersionAndReason() {
    assertThat(ofVersion1("gateway_inference_success_total"))
        .singleElement()
        .asString()
        .contains("code=\"200\"")
        .endsWith(" 3.0");
    assertThat(ofVersion1("gateway_inference_failure_total"))
        .singleElement()
        .asString()
        .contains("code=\"400\"", "reason=\"bad_request\"")
        .endsWith(" 1.0");
  }

  @Test
  void requestQueueAndComputeDurationsHaveHistogramBucketsPerVersion() {
    for (String timer :
        List.of(
            "gateway_inference_request_duration_seconds",
            "gateway_inference_queue_duration_seconds",
            "gateway_inference_compute_duration_seconds")) {
      assertThat(ofVersion1(timer + "_bucket")).as(timer).hasSizeGreaterThan(10);
      assertThat(ofVersion1(timer + "_count")).as(timer).singleElement().asString().endsWith(" 3");
    }
  }

  @Test
  void batchSizeIsADistributionOfRowsPerVersion() {
    assertThat(ofVersion1("gateway_inference_batch_size_rows_bucket")).hasSizeGreaterThan(5);
    assertThat(ofVersion1("gateway_inference_batch_size_rows_sum"))
        .singleElement()
        .asString()
        .endsWith(" 9.0");
  }

  @Test
  void pendingRequestsAreGaugesBackAtZeroForTheGatewayAndEachVersion() {
    assertThat(scrape).contains("# TYPE gateway_inference_pending gauge");
    assertThat(scrape.lines().filter(l -> l.startsWith("gateway_inference_pending ")))
        .containsExactly("gateway_inference_pending 0.0");
    assertThat(scrape).contains("# TYPE gateway_inference_version_pending gauge");
    assertThat(ofVersion1("gateway_inference_version_pending"))
        .singleElement()
        .asString()
        .endsWith(" 0.0");
  }

  @Test
  void predictionLogEventsSentAndDroppedArePerVersion() {
    assertThat(ofVersion1("gateway_prediction_log_sent_total"))
        .singleElement()
        .asString()
        .contains("topic=\"predictions\"")
        .endsWith(" 10.0");
    assertThat(ofVersion1("gateway_prediction_log_dropped_total"))
        .singleElement()
        .asString()
        .endsWith(" 0.0");
  }

  @Test
  void processAndJvmResourcesAreExposed() {
    assertThat(scrape)
        .contains(
            "\nprocess_cpu_usage ",
            "\nsystem_cpu_count ",
            "\nprocess_files_open_files ",
            "\nprocess_files_max_files ",
            "\njvm_threads_live_threads ",
            "\nprocess_uptime_seconds ",
            "# TYPE jvm_gc_memory_allocated_bytes_total counter");
    assertThat(series(scrape, "jvm_memory_used_bytes")).anyMatch(l -> l.contains("area=\"heap\""));
  }
}
