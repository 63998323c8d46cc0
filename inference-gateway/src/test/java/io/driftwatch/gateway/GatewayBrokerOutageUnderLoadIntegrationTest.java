package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 30 s broker outage under steady load (real in-process KRaft broker stopped and restarted on its
 * port and data, real ONNX Runtime, 4 client threads): every request is answered 200 without
 * waiting for Kafka, and once the broker is back the predictions topic holds exactly one event per
 * request — none lost, none duplicated — because the outage stayed within the log's bounds (10 000
 * queued events, 32 MiB producer buffer, 120 s delivery timeout).
 */
@Timeout(240)
class GatewayBrokerOutageUnderLoadIntegrationTest {

  private static final String MODEL = DemoModel.NAME;
  private static final int CLIENTS = 4;
  private static final Duration PACE = Duration.ofMillis(20); // per client: 50 requests/s
  private static final Duration BEFORE = Duration.ofSeconds(3);
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final Duration AFTER = Duration.ofSeconds(3);

  @TempDir static Path work;
  private static ModelDescriptor descriptor;

  @BeforeAll
  static void writeDemoModel() throws Exception {
    Path version = DemoModel.writeRepository(work.resolve("models"));
    descriptor = ModelDescriptor.read(version.resolve(ModelDescriptor.FILE_NAME));
  }

  @Test
  void aThirtySecondOutageUnderLoadLosesNoEventAndStallsNoRequest() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0)) {
      kafka.createTopics(1, "predictions", "labels", "model-events");
      GatewayConfig config =
          GatewayConfig.defaults(work.resolve("models"), kafka.bootstrapServers())
              .withPort(0)
              .withDevice(Device.CPU);
      try (InferenceGateway gateway = InferenceGateway.start(config, Clock.systemUTC());
          TopicReader reader = new TopicReader(kafka.bootstrapServers(), "predictions")) {
        GatewayClient client = new GatewayClient(gateway.port());
        AtomicBoolean outage = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Long> outageLatenciesNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int clientId = c;
          load.add(
              clients.submit(
                  () -> {
                    for (int i = 0; running.get(); i++) {
                      String id = "c" + clientId + "-" + i;
                      long start = System.nanoTime();
                      try {
                        int status =
                            client.post("/v2/models/" + MODEL + "/infer", request(id)).statusCode();
                        long took = System.nanoTime() - start;
                        if (status != 200) {
                          failures.add(id + ": HTTP " + status);
                        } else {
                          answered.add(id);
                        }
                        if (outage.get()) {
                          outageLatenciesNanos.add(took);
                        }
                        TimeUnit.NANOSECONDS.sleep(Math.max(0, PACE.toNanos() - took));
                      } catch (Exception e) {
                        failures.add(id + ": " + e);
                      }
                    }
                    return null;
                  }));
        }

        Thread.sleep(BEFORE.toMillis());
        kafka.stop();
        outage.set(true);
        Thread.sleep(OUTAGE.toMillis());
        outage.set(false);
        kafka.restart();
        Thread.sleep(AFTER.toMillis());
        running.set(false);
        for (Future<?> f : load) {
          f.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(failures).isEmpty();
        List<Long> sorted = new ArrayList<>(outageLatenciesNanos);
        Collections.sort(sorted);
        assertThat(sorted).as("requests answered during the outage").hasSizeGreaterThan(1_000);
        Duration p99 = Duration.ofNanos(sorted.get((int) (sorted.size() * 0.99)));
        Duration max = Duration.ofNanos(sorted.get(sorted.size() - 1));
        assertThat(p99).as("p99 during the outage").isLessThan(Duration.ofMillis(250));
        assertThat(max)
            .as("slowest request during the outage, vs the producer's 2 s max.block.ms")
            .isLessThan(Duration.ofMillis(ProducerSettings.MAX_BLOCK_MS));

        Set<String> logged =
            reader.atLeast(answered.size(), Duration.ofSeconds(90)).stream()
                .map(r -> SingleObjectCodec.predictions().decode(r.value()))
                .map(PredictionEvent::getRequestId)
                .collect(Collectors.toSet());
        int records = reader.settle(Duration.ofSeconds(2)).size();
        assertThat(logged).containsExactlyInAnyOrderElementsOf(Set.copyOf(answered));
        assertThat(records)
            .as("records on the topic, duplicates included")
            .isEqualTo(answered.size());

        String metrics = client.get("/metrics").body();
        assertThat(counter(metrics, "gateway_prediction_log_dropped_total")).isZero();
        assertThat(counter(metrics, "gateway_prediction_log_sent_total"))
            .isEqualTo(answered.size());
      }
    }
  }

  private static String request(String id) {
    return """
        {"id": "%s", "inputs": [{"name": "%s", "shape": [1, 4], "datatype": "FP32",
                               "data": [0.0, 12.2, 5.6, 4.7]}]}
        """
        .formatted(id, descriptor.inputName());
  }

  /** Sum of a counter over all its series in Prometheus text, 0 when it has none yet. */
  private static double counter(String metrics, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(2));
    }
    return sum;
  }
}
