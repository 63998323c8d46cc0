package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.training.DemoModel;
import io.driftwatch.training.WeatherDataset;
import io.driftwatch.training.WeatherObservation;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton on real parts: in-process KRaft Kafka, a real influxd, the gateway on real
 * ONNX Runtime, and the monitoring job on a Flink MiniCluster (parallelism 2). Requests go in over
 * HTTP; what comes out is read back from Kafka and InfluxDB.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EndToEndTest {

  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final int VALID = 40;
  private static final int BAD_INPUT = 6;
  private static final int UNKNOWN_MODEL = 4;
  private static final int SENT = VALID + BAD_INPUT + UNKNOWN_MODEL;

  @TempDir static Path work;

  private static LocalStack stack;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startStack() throws Exception {
    // What an earlier demo run leaves behind: a retrained version 2 beside the demo's version 1.
    Path earlier = DemoModel.writeRepository(work.resolve("model-repository"));
    Files.move(earlier, earlier.resolveSibling("2"));
    stack = LocalStack.start(LocalStackConfig.ephemeral(work, WINDOW), Clock.systemUTC());
  }

  @Test
  void startsFromTheDemoModelAloneWhateverAnEarlierRunLeftInItsWorkDirectory() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v2/models/seattle-weather"))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> metadata = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.body()).contains("\"versions\":[\"1\"]");
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyRequestBecomesOnePredictionEventAndIsCountedInServingWindows() throws Exception {
    List<WeatherObservation> days = WeatherDataset.bundled().seattle();
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (int i = 0; i < VALID; i++) {
      count(statuses, infer("seattle-weather", DemoTraffic.inferBody(i, days.get(i))));
    }
    for (int i = 0; i < BAD_INPUT; i++) {
      count(
          statuses,
          infer(
              "seattle-weather",
              "{\"inputs\":[{\"name\":\"humidity\",\"shape\":[1],\"datatype\":\"FP32\","
                  + "\"data\":[0.5]}]}"));
    }
    for (int i = 0; i < UNKNOWN_MODEL; i++) {
      count(statuses, infer("no-such-model", DemoTraffic.inferBody(i, days.get(i))));
    }
    assertThat(statuses).isEqualTo(Map.of(200, VALID, 400, BAD_INPUT, 404, UNKNOWN_MODEL));

    List<PredictionEvent> events = consumePredictions(SENT, Duration.ofSeconds(60));
    assertThat(events).hasSize(SENT);
    assertThat(
            events.stream()
                .collect(Collectors.groupingBy(e -> e.getStatus(), Collectors.counting())))
        .containsEntry(PredictionStatus.OK, (long) VALID)
        .containsEntry(PredictionStatus.CLIENT_ERROR, (long) (BAD_INPUT + UNKNOWN_MODEL));

    long[] totals = awaitServingTotals(SENT, Duration.ofSeconds(90));
    assertThat(totals[0]).as("requests summed over serving windows").isEqualTo(SENT);
    assertThat(totals[1])
        .as("errors summed over serving windows")
        .isEqualTo(BAD_INPUT + UNKNOWN_MODEL);
    assertThat(stack.jobStatus()).isEqualTo("RUNNING");
  }

  private static void count(Map<Integer, Integer> statuses, int status) {
    statuses.merge(status, 1, Integer::sum);
  }

  private static int infer(String model, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v2/models/" + model + "/infer"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** Reads the predictions topic until {@code expected} events or the timeout, then 2 s more. */
  private static List<PredictionEvent> consumePredictions(int expected, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-check");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    SingleObjectCodec<PredictionEvent> codec = SingleObjectCodec.predictions();
    List<PredictionEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(stack.topics().predictions()));
      Instant deadline = Instant.now().plus(timeout);
      Instant settle = null;
      while (Instant.now().isBefore(deadline)
          && (settle == null || Instant.now().isBefore(settle))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
          PredictionEvent event = codec.decode(record.value());
          assertThat(record.key()).isEqualTo(event.getModel());
          events.add(event);
        }
        if (settle == null && events.size() >= expected) {
          settle = Instant.now().plusSeconds(2);
        }
      }
    }
    return events;
  }

  /** Sums requests and errors over all serving points until requests reach {@code expected}. */
  private static long[] awaitServingTotals(int expected, Duration timeout)
      throws InterruptedException {
    long[] totals = {0, 0};
    try (InfluxDB influx = InfluxDBFactory.connect(stack.influxUrl())) {
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        QueryResult result =
            influx.query(
                new Query("SELECT sum(requests), sum(errors) FROM serving", LocalStack.DATABASE));
        totals = sums(result);
        if (totals[0] >= expected) {
          break;
        }
        Thread.sleep(500);
      }
    }
    return totals;
  }

  private static long[] sums(QueryResult result) {
    if (result.hasError()
        || result.getResults() == null
        || result.getResults().get(0).getSeries() == null) {
      return new long[] {0, 0};
    }
    List<Object> row = result.getResults().get(0).getSeries().get(0).getValues().get(0);
    return new long[] {((Number) row.get(1)).longValue(), ((Number) row.get(2)).longValue()};
  }
}
