package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.retraining.Action;
import io.driftwatch.retraining.Decision;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.training.DemoModel;
import io.driftwatch.training.WeatherDataset;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor → detect → retrain → redeploy loop on real parts (in-process KRaft Kafka, a real
 * influxd, the gateway on real ONNX Runtime, the monitoring job on a Flink MiniCluster at
 * parallelism 2, the retraining receiver the job's webhooks go to): New York winter days against
 * the Seattle model from the start, so version 1 drifts; its alerts reach the receiver, which
 * retrains from the labeled traffic; the gateway serves version 2; version 2 measures better on the
 * same traffic; and version 1's alerts resolve once its series go stale.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RetrainingLoopEndToEndTest {

  private static final Duration SERVING_WINDOW = Duration.ofSeconds(2);
  private static final Duration DRIFT_WINDOW = Duration.ofSeconds(20);
  private static final int REQUESTS_PER_SECOND = 80;
  private static final String MODEL = DemoModel.NAME;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path work;

  private LocalStack stack;
  private DemoTraffic traffic;
  private InfluxDB influx;

  @AfterEach
  void stop() {
    if (traffic != null) {
      traffic.close();
    }
    if (influx != null) {
      influx.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void driftedTrafficIsRetrainedAwayAndTheOldVersionsAlertsResolve() throws Exception {
    Clock clock = Clock.systemUTC();
    stack = LocalStack.start(LocalStackConfig.ephemeral(work, SERVING_WINDOW, DRIFT_WINDOW), clock);
    influx = InfluxDBFactory.connect(stack.influxUrl());
    traffic =
        new DemoTraffic(
            stack.gatewayUrl(),
            MODEL,
            WeatherDataset.bundled().seattle(),
            DemoCommand.newYorkWinters(),
            Duration.ZERO,
            50,
            0.5,
            clock,
            line -> {});
    traffic.start(REQUESTS_PER_SECOND);

    List<Map<String, Object>> firing =
        await(
            "FIRING drift or quality alerts on version 1",
            Duration.ofSeconds(90),
            () -> rows("SELECT * FROM alerts WHERE state = 'FIRING' AND version = '1'"),
            alerts ->
                alerts.stream().anyMatch(a -> LocalStack.RETRAIN_TRIGGERS.contains(a.get("rule"))));
    assertThat(firing).allSatisfy(a -> assertThat(a.get("model")).isEqualTo(MODEL));

    Decision retrained =
        await(
                "the receiver retrains",
                Duration.ofSeconds(60),
                () -> stack.retrainDecisions().recent(),
                decisions -> decisions.stream().anyMatch(d -> d.action() == Action.RETRAINED))
            .stream()
            .filter(d -> d.action() == Action.RETRAINED)
            .findFirst()
            .orElseThrow();
    assertThat(retrained.version()).isEqualTo("2");
    assertThat(retrained.model()).isEqualTo(MODEL);
    assertThat(LocalStack.RETRAIN_TRIGGERS).contains(retrained.rule());
    assertThat(stack.retrainDecisions().recent())
        .extracting(Decision::action)
        .contains(Action.QUEUED)
        .doesNotContain(Action.SKIPPED, Action.FAILED, Action.LOAD_FAILED);
    assertThat(stack.modelRepository().resolve(MODEL).resolve("2").resolve("model.onnx"))
        .isRegularFile();
    assertThat(
            Files.readString(
                stack.modelRepository().resolve(MODEL).resolve("2").resolve("descriptor.json")))
        .contains("\"parent_version\"");

    Map<String, String> states = versionStates();
    assertThat(states)
        .containsEntry("2", "READY")
        .as("latest:2 keeps version 1")
        .containsEntry("1", "READY");
    JsonNode trafficState = get("/v2/repository/models/" + MODEL + "/traffic");
    assertThat(trafficState.get("champion").asText()).isEqualTo("2");
    assertThat(trafficState.get("previous_champion").asText()).isEqualTo("1");

    assertThat(awaitPredictionsOf("2", Duration.ofSeconds(30)))
        .as("prediction events of version 2 on Kafka")
        .isPositive();

    await(
        "serving windows of version 2 in InfluxDB",
        Duration.ofSeconds(30),
        () -> rows("SELECT requests FROM serving WHERE version = '2'"),
        r -> !r.isEmpty());
    List<Map<String, Object>> v2Quality =
        await(
            "two model_quality windows of version 2",
            Duration.ofSeconds(60),
            () -> rows("SELECT accuracy, labeled FROM model_quality WHERE version = '2'"),
            r -> r.size() >= 2);
    List<Map<String, Object>> v1Quality =
        rows(
            "SELECT accuracy, labeled FROM model_quality WHERE version = '1' ORDER BY time DESC LIMIT 3");
    double v1Accuracy = meanAccuracy(v1Quality);
    double v2Accuracy = meanAccuracy(v2Quality);
    assertThat(v2Accuracy)
        .as(
            "version 2 (%s) recovers over version 1's last drifted windows (%s)",
            v2Quality, v1Quality)
        .isGreaterThan(v1Accuracy);

    Set<String> resolvedNeeded = new TreeSet<>();
    await(
        "RESOLVED for every alert that fired on version 1",
        Duration.ofSeconds(90),
        () -> {
          resolvedNeeded.clear();
          rows("SELECT * FROM alerts WHERE state = 'FIRING' AND version = '1'")
              .forEach(a -> resolvedNeeded.add((String) a.get("fingerprint")));
          Set<String> resolved = new TreeSet<>();
          rows("SELECT * FROM alerts WHERE state = 'RESOLVED' AND version = '1'")
              .forEach(a -> resolved.add((String) a.get("fingerprint")));
          return resolved;
        },
        resolved -> resolved.containsAll(resolvedNeeded));
    assertThat(rows("SELECT * FROM alerts WHERE state = 'RESOLVED' AND version = '1'"))
        .extracting(a -> (String) a.get("message"))
        .anySatisfy(m -> assertThat(m).startsWith("stale: no "));
    assertThat(stack.jobStatus()).isEqualTo("RUNNING");
  }

  private Map<String, String> versionStates() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v2/repository/index"))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    JsonNode index = JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    Map<String, String> states = new HashMap<>();
    for (JsonNode entry : index) {
      if (MODEL.equals(entry.path("name").asText())) {
        states.put(entry.path("version").asText(), entry.path("state").asText());
      }
    }
    return states;
  }

  private JsonNode get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Prediction events of {@code version} read from the start of the topic until one is seen. */
  private long awaitPredictionsOf(String version, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "loop-check");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    SingleObjectCodec<PredictionEvent> codec = SingleObjectCodec.predictions();
    long seen = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(stack.topics().predictions()));
      Instant deadline = Instant.now().plus(timeout);
      while (seen == 0 && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          PredictionEvent event = codec.decode(record.value());
          if (version.equals(event.getVersion())) {
            seen++;
          }
        }
      }
    }
    return seen;
  }

  private static double meanAccuracy(List<Map<String, Object>> quality) {
    assertThat(quality).isNotEmpty();
    return quality.stream()
        .mapToDouble(q -> ((Number) q.get("accuracy")).doubleValue())
        .average()
        .orElseThrow();
  }

  /** The rows of an InfluxQL query as column → value maps; empty when there are none yet. */
  private List<Map<String, Object>> rows(String query) {
    QueryResult result = influx.query(new Query(query, LocalStack.DATABASE));
    List<Map<String, Object>> rows = new ArrayList<>();
    if (result.hasError() || result.getResults() == null) {
      return rows;
    }
    for (QueryResult.Result r : result.getResults()) {
      if (r.getSeries() == null) {
        continue;
      }
      for (QueryResult.Series series : r.getSeries()) {
        for (List<Object> values : series.getValues()) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 0; i < series.getColumns().size(); i++) {
            row.put(series.getColumns().get(i), values.get(i));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /**
   * Polls {@code probe} every 500 ms until {@code done} holds; fails naming the step at the
   * deadline.
   */
  private static <T> T await(
      String step, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done)
      throws InterruptedException {
    Instant started = Instant.now();
    Instant deadline = started.plus(timeout);
    T value = probe.get();
    while (!done.test(value)) {
      assertThat(Instant.now())
          .as("%s within %s, last seen %s", step, timeout, value)
          .isBefore(deadline);
      Thread.sleep(500);
      value = probe.get();
    }
    System.out.printf(
        "loop: %s after %d ms%n", step, Duration.between(started, Instant.now()).toMillis());
    return value;
  }
}
