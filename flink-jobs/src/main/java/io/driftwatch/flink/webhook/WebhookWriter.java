package io.driftwatch.flink.webhook;

import io.driftwatch.flink.deadletter.DeadLetterRecordSerializer;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.DeadLetter;
import io.driftwatch.stats.alerting.AlertmanagerPayload;
import io.driftwatch.stats.alerting.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parallel instance of {@link WebhookSink}: one POST per alert and receiver, sent with {@link
 * HttpClient#sendAsync} so the task thread never waits for a receiver.
 *
 * <p>Concurrency: at most {@code maxInFlightPerReceiver} deliveries per receiver are under way (a
 * delivery holds its permit through all its retries). When a receiver is at its bound, {@link
 * #write} waits for a permit: a slow receiver backpressures the job rather than growing memory, and
 * the wait is bounded by the timeout and retry policy (at most maxAttempts × timeout plus the
 * backoffs, 45.5 s with the defaults), because a dead receiver ends in dead letters.
 *
 * <p>Retries: connection errors, timeouts, 429 and 5xx are retried after {@link
 * io.driftwatch.stats.alerting.RetryPolicy#backoff} on a one-thread scheduler; other statuses
 * outside 2xx are not. After the last attempt, or a non-retryable status, the alert is written to
 * the dead-letter topic (format in {@link #deadLetter}).
 *
 * <p>{@link #flush} (every checkpoint and end of input) waits until every delivery started has been
 * delivered or dead-lettered and the dead-letter producer is flushed, so delivery is at least once.
 * Metrics: {@code webhooksDelivered}, {@code webhookRetries}, {@code webhooksDeadLettered}. Called
 * from the mailbox thread; the completion callbacks run on the HTTP client's and scheduler's
 * threads and touch only thread-safe state.
 */
final class WebhookWriter implements SinkWriter<Alert> {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookWriter.class);
  private static final long DEAD_LETTER_MAX_BLOCK_MS = 5_000;

  private final WebhookSinkConfig config;
  private final byte[] secret;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final Producer<byte[], byte[]> deadLetters;
  private final DeadLetterRecordSerializer letterRecords;
  private final Clock clock;
  private final Map<URI, Semaphore> permits = new LinkedHashMap<>();
  private final Counter delivered;
  private final Counter retries;
  private final Counter deadLettered;
  private final Object lock = new Object();
  private int pending;

  WebhookWriter(WebhookSinkConfig config, MetricGroup metrics, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.letterRecords = new DeadLetterRecordSerializer(config.deadLettersTopic());
    this.secret = config.secret() == null ? null : config.secret().getBytes(StandardCharsets.UTF_8);
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "webhook-retries");
              t.setDaemon(true);
              return t;
            });
    this.deadLetters = producer(config.bootstrapServers());
    for (URI receiver : config.receivers()) {
      permits.put(receiver, new Semaphore(config.maxInFlightPerReceiver()));
    }
    this.delivered = metrics.counter("webhooksDelivered");
    this.retries = metrics.counter("webhookRetries");
    this.deadLettered = metrics.counter("webhooksDeadLettered");
  }

  private static Producer<byte[], byte[]> producer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-webhook-dead-letters");
    // Bounded so a lost broker cannot stall a delivery callback (and so a checkpoint) for long.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(DEAD_LETTER_MAX_BLOCK_MS));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void write(Alert alert, Context context) throws InterruptedException {
    String fingerprint = alert.getFingerprint().toString();
    byte[] body =
        AlertmanagerPayload.of(List.of(AlertTransitions.of(alert)), config.receiverName(), null)
            .getBytes(StandardCharsets.UTF_8);
    for (Map.Entry<URI, Semaphore> receiver : permits.entrySet()) {
      receiver.getValue().acquire();
      synchronized (lock) {
        pending++;
      }
      attempt(new Delivery(receiver.getKey(), receiver.getValue(), fingerprint, body), 1);
    }
  }

  private record Delivery(URI receiver, Semaphore permit, String fingerprint, byte[] body) {}

  private void attempt(Delivery d, int attempt) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(d.receiver())
            .timeout(config.timeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
    if (secret != null) {
      request.header(WebhookSignature.HEADER, WebhookSignature.sign(d.body(), secret));
    }
    http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              try {
                onResult(d, attempt, response == null ? -1 : response.statusCode(), error);
              } catch (RuntimeException e) {
                LOG.error("webhook delivery to {} failed unexpectedly", d.receiver(), e);
                finish(d);
              }
            });
  }

  private void onResult(Delivery d, int attempt, int status, Throwable error) {
    if (error == null && status >= 200 && status < 300) {
      delivered.inc();
      finish(d);
      return;
    }
    boolean retryable = error != null || status == 429 || status >= 500;
    if (retryable && config.retry().shouldRetry(attempt)) {
      retries.inc();
      long delay = config.retry().backoff(attempt, ThreadLocalRandom.current()).toNanos();
      scheduler.schedule(() -> attempt(d, attempt + 1), delay, TimeUnit.NANOSECONDS);
      return;
    }
    LOG.warn(
        "webhook {} undeliverable after {} attempt(s): {}",
        d.receiver(),
        attempt,
        error == null ? "HTTP " + status : error.toString());
    deadLetter(d, attempt, error == null ? status : null, error);
    deadLettered.inc();
    finish(d);
  }

  /**
   * Writes a {@link DeadLetter} of kind {@code webhook}: source = the receiver URL, key = the
   * alert's fingerprint (UTF-8), payload = the webhook JSON body, with the attempts made and the
   * last status or connection error.
   */
  private void deadLetter(Delivery d, int attempts, Integer status, Throwable error) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setKind("webhook")
            .setSource(d.receiver().toString())
            .setReason(error == null ? "HTTP " + status : error.toString())
            .setAttempts(attempts)
            .setStatus(status)
            .setKey(ByteBuffer.wrap(d.fingerprint().getBytes(StandardCharsets.UTF_8)))
            .setPayload(ByteBuffer.wrap(d.body()))
            .setDeadLetteredAt(clock.instant())
            .build();
    try {
      deadLetters.send(
          letterRecords.record(letter),
          (metadata, e) -> {
            if (e != null) {
              LOG.error("dead letter for {} lost", d.fingerprint(), e);
            }
          });
    } catch (RuntimeException e) {
      LOG.error("dead letter for {} lost", d.fingerprint(), e);
    }
  }

  private void finish(Delivery d) {
    d.permit().release();
    synchronized (lock) {
      pending--;
      lock.notifyAll();
    }
  }

  @Override
  public void flush(boolean endOfInput) throws InterruptedException {
    synchronized (lock) {
      while (pending > 0) {
        lock.wait();
      }
    }
    deadLetters.flush();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    deadLetters.close();
  }
}
