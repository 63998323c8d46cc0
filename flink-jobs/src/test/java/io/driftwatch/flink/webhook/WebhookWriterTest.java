package io.driftwatch.flink.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertState;
import io.driftwatch.schemas.DeadLetter;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.stats.alerting.AlertmanagerPayload;
import io.driftwatch.stats.alerting.RetryPolicy;
import io.driftwatch.stats.alerting.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook writer against a real HTTP server on 127.0.0.1 (JDK {@code HttpServer}) that answers
 * with scripted statuses, and a real in-process Kafka broker for the dead letters. Backoffs are a
 * few milliseconds.
 */
@Timeout(120)
class WebhookWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant FIRED = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant DEAD_LETTERED = Instant.parse("2026-01-01T10:00:30Z");
  private static final String SECRET = "s3cret";
  private static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(5));
  private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  private static EmbeddedKafka kafka;

  private HttpServer server;
  private ExecutorService handlers;
  private final Queue<Integer> scriptedStatuses = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountingMetrics metrics = new CountingMetrics();

  private record Received(byte[] body, String signature, String contentType) {}

  @BeforeAll
  static void startKafka() throws IOException {
    kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), 0);
    kafka.createTopics(
        1, "dead-letters-down", "dead-letters-400", "dead-letters-slow", "dead-letters-unused");
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // A thread per exchange, so held answers do not hold up each other.
    handlers = Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  body,
                  exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                  exchange.getRequestHeaders().getFirst("Content-Type")));
          Integer status = scriptedStatuses.poll();
          exchange.sendResponseHeaders(status == null ? 200 : status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
    handlers.shutdownNow();
  }

  @Test
  void postsAlertmanagerJsonSignedWithTheSecret() throws Exception {
    try (WebhookWriter writer = writer(receiver(), "dead-letters-unused")) {
      writer.write(firing("fp-signed"), null);
      writer.flush(false);
    }

    assertThat(received).hasSize(1);
    Received request = received.get(0);
    assertThat(WebhookSignature.verify(request.body(), bytes(SECRET), request.signature()))
        .isTrue();
    assertThat(request.contentType()).isEqualTo("application/json");
    JsonNode payload = JSON.readTree(request.body());
    assertThat(payload.get("version").asText()).isEqualTo("4");
    assertThat(payload.get("status").asText()).isEqualTo("firing");
    assertThat(payload.get("receiver").asText()).isEqualTo("driftwatch");
    JsonNode alert = payload.get("alerts").get(0);
    assertThat(alert.get("status").asText()).isEqualTo("firing");
    assertThat(alert.get("fingerprint").asText()).isEqualTo("fp-signed");
    assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("error_rate_high");
    assertThat(alert.get("labels").get("model").asText()).isEqualTo("churn");
    assertThat(alert.get("annotations").get("summary").asText()).isEqualTo("error rate 0.9");
    assertThat(alert.get("annotations").get("threshold").asText()).isEqualTo("0.5");
    assertThat(alert.get("startsAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(alert.get("endsAt").asText()).isEqualTo(AlertmanagerPayload.ZERO_TIME);
    assertThat(metrics.count("webhooksDelivered")).isEqualTo(1);
    assertThat(metrics.count("webhookRetries")).isZero();
  }

  @Test
  void deliversAfterTwoServiceUnavailableAnswersCountingTwoRetries() throws Exception {
    scriptedStatuses.addAll(List.of(503, 503, 200));

    try (WebhookWriter writer = writer(receiver(), "dead-letters-unused")) {
      writer.write(firing("fp-retried"), null);
      writer.flush(false);
    }

    assertThat(received).hasSize(3);
    assertThat(metrics.count("webhooksDelivered")).isEqualTo(1);
    assertThat(metrics.count("webhookRetries")).isEqualTo(2);
    assertThat(metrics.count("webhooksDeadLettered")).isZero();
  }

  @Test
  void deadLettersTheAlertWhenTheReceiverStaysDownForEveryAttempt() throws Exception {
    URI down = URI.create("http://127.0.0.1:" + closedPort() + "/hook");

    try (WebhookWriter writer = writer(down, "dead-letters-down")) {
      writer.write(firing("fp-down"), null);
      writer.flush(false);
    }

    ConsumerRecord<byte[], byte[]> letter = firstRecord("dead-letters-down");
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("fp-down");
    DeadLetter value = SingleObjectCodec.deadLetters().decode(letter.value());
    assertThat(value.getKind()).isEqualTo("webhook");
    assertThat(value.getSource()).isEqualTo(down.toString());
    assertThat(value.getStatus()).isNull();
    assertThat(value.getReason()).contains("ConnectException");
    assertThat(value.getAttempts()).isEqualTo(3);
    assertThat(value.getDeadLetteredAt()).isEqualTo(DEAD_LETTERED);
    assertThat(
            JSON.readTree(value.getPayload().array())
                .get("alerts")
                .get(0)
                .get("fingerprint")
                .asText())
        .isEqualTo("fp-down");
    assertThat(metrics.count("webhookRetries")).isEqualTo(2);
    assertThat(metrics.count("webhooksDeadLettered")).isEqualTo(1);
    assertThat(metrics.count("webhooksDelivered")).isZero();
  }

  @Test
  void deadLettersABadRequestAtOnceWithoutRetrying() throws Exception {
    scriptedStatuses.addAll(List.of(400, 200));

    try (WebhookWriter writer = writer(receiver(), "dead-letters-400")) {
      writer.write(firing("fp-rejected"), null);
      writer.flush(false);
    }

    assertThat(received).hasSize(1);
    DeadLetter value =
        SingleObjectCodec.deadLetters().decode(firstRecord("dead-letters-400").value());
    assertThat(value.getStatus()).isEqualTo(400);
    assertThat(value.getReason()).isEqualTo("HTTP 400");
    assertThat(value.getAttempts()).isEqualTo(1);
    assertThat(metrics.count("webhookRetries")).isZero();
    assertThat(metrics.count("webhooksDeadLettered")).isEqualTo(1);
  }

  @Test
  void deadLettersAnAlertWhoseReceiverAnswersSlowerThanTheTimeoutEveryTime() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    server.createContext("/slow", exchange -> hold(exchange, never, () -> {}));
    URI slow = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");

    try (WebhookWriter writer = writer(slow, "dead-letters-slow", Duration.ofMillis(300))) {
      writer.write(firing("fp-slow"), null);
      writer.flush(false);
    } finally {
      never.countDown();
    }

    DeadLetter value =
        SingleObjectCodec.deadLetters().decode(firstRecord("dead-letters-slow").value());
    assertThat(value.getReason()).contains("HttpTimeoutException");
    assertThat(value.getStatus()).isNull();
    assertThat(value.getAttempts()).isEqualTo(3);
    assertThat(metrics.count("webhookRetries")).isEqualTo(2);
    assertThat(metrics.count("webhooksDeadLettered")).isEqualTo(1);
  }

  @Test
  void holdsAtMostFourDeliveriesToAReceiverAndMakesTheNextWriteWait() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    server.createContext(
        "/held",
        exchange -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          hold(exchange, release, inFlight::decrementAndGet);
        });
    URI held = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/held");
    int alerts = WebhookSinkConfig.DEFAULT_MAX_IN_FLIGHT + 2;
    AtomicInteger written = new AtomicInteger();

    try (WebhookWriter writer = writer(held, "dead-letters-unused", Duration.ofSeconds(20))) {
      Thread task =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < alerts; i++) {
                    writer.write(firing("fp-held-" + i), null);
                    written.incrementAndGet();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      task.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (inFlight.get() < WebhookSinkConfig.DEFAULT_MAX_IN_FLIGHT
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(300);

      assertThat(inFlight.get()).isEqualTo(WebhookSinkConfig.DEFAULT_MAX_IN_FLIGHT);
      assertThat(written.get())
          .as("the fifth write waits for a permit")
          .isEqualTo(WebhookSinkConfig.DEFAULT_MAX_IN_FLIGHT);
      assertThat(task.getState()).isEqualTo(Thread.State.WAITING);

      release.countDown();
      task.join(10_000);
      writer.flush(false);
    } finally {
      release.countDown();
    }

    assertThat(written.get()).isEqualTo(alerts);
    assertThat(metrics.count("webhooksDelivered")).isEqualTo(alerts);
    assertThat(mostInFlight.get()).isEqualTo(WebhookSinkConfig.DEFAULT_MAX_IN_FLIGHT);
  }

  /**
   * Answers 200 once {@code latch} opens (or after 30 s), running {@code beforeAnswer} first, so a
   * count of held exchanges drops before the client can send the next one.
   */
  private static void hold(HttpExchange exchange, CountDownLatch latch, Runnable beforeAnswer)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    beforeAnswer.run();
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  private WebhookWriter writer(URI receiver, String deadLettersTopic) {
    return writer(receiver, deadLettersTopic, Duration.ofSeconds(2));
  }

  private WebhookWriter writer(URI receiver, String deadLettersTopic, Duration timeout) {
    WebhookSinkConfig config =
        WebhookSinkConfig.of(List.of(receiver), SECRET, kafka.bootstrapServers(), deadLettersTopic)
            .withTimeout(timeout)
            .withRetry(FAST);
    return new WebhookWriter(config, metrics, Clock.fixed(DEAD_LETTERED, ZoneOffset.UTC));
  }

  private URI receiver() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  private static Alert firing(String fingerprint) {
    Map<String, String> labels = new HashMap<>();
    labels.put("alertname", "error_rate_high");
    labels.put("severity", "critical");
    labels.put("model", "churn");
    labels.put("version", "1");
    return Alert.newBuilder()
        .setRule("error_rate_high")
        .setSeverity("critical")
        .setModel("churn")
        .setVersion("1")
        .setState(AlertState.FIRING)
        .setValue(0.9)
        .setThreshold(0.5)
        .setMessage("error rate 0.9")
        .setLabels(labels)
        .setFingerprint(fingerprint)
        .setStartsAt(FIRED)
        .setEndsAt(null)
        .setWindowEnd(FIRED)
        .build();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static ConsumerRecord<byte[], byte[]> firstRecord(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + DEAD_LETTER_TIMEOUT.toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      assertThat(records).as("dead letters on " + topic).hasSize(1);
      return records.get(0);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Keeps the writer's counters by name, so a test can read them. */
  private static final class CountingMetrics extends UnregisteredMetricsGroup {
    private final Map<String, Counter> counters = new HashMap<>();

    @Override
    public Counter counter(String name) {
      return counters.computeIfAbsent(name, n -> new SimpleCounter());
    }

    long count(String name) {
      return counters.containsKey(name) ? counters.get(name).getCount() : 0;
    }
  }
}
