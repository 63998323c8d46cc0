package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.SingleObjectCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLogTest {

  private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final SingleObjectCodec<PredictionEvent> CODEC = SingleObjectCodec.predictions();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private EventLog<PredictionEvent> log;

  @AfterEach
  void closeLog() {
    if (log != null) {
      log.close(Duration.ofSeconds(1));
    }
  }

  private static PredictionEvent prediction(String requestId) {
    return PredictionEvent.newBuilder()
        .setRequestId(requestId)
        .setModel("weather")
        .setVersion("1")
        .setEventTime(NOON)
        .setLatencyMicros(100)
        .setStatus(PredictionStatus.OK)
        .build();
  }

  private EventLog<PredictionEvent> start(MockProducer<String, byte[]> producer, int capacity) {
    return EventLog.start(
        new EventLog.Spec<>(
            "predictions",
            "gateway.prediction.log",
            PredictionEvent::getModel,
            CODEC::encode,
            List.of("model", "version"),
            e -> List.of(e.getModel(), e.getVersion()),
            capacity),
        producer,
        registry);
  }

  private double count(String outcome) {
    return registry
        .get("gateway.prediction.log." + outcome)
        .tags("topic", "predictions", "model", "weather", "version", "1")
        .counter()
        .count();
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within %s", WAIT).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void sendsEachEventKeyedByModelAsSingleObjectAvro() throws Exception {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    log = start(producer, 10);

    assertThat(log.offer(prediction("a"))).isTrue();
    assertThat(log.offer(prediction("b"))).isTrue();
    awaitTrue(() -> producer.history().size() == 2);

    ProducerRecord<String, byte[]> first = producer.history().get(0);
    assertThat(first.topic()).isEqualTo("predictions");
    assertThat(first.key()).isEqualTo("weather");
    assertThat(CODEC.decode(first.value())).isEqualTo(prediction("a"));
    awaitTrue(() -> count("sent") == 2);
  }

  @Test
  void countsFailedDeliveries() throws Exception {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    log = start(producer, 10);

    log.offer(prediction("a"));
    awaitTrue(() -> producer.history().size() == 1);
    producer.errorNext(new TimeoutException("broker gone"));

    assertThat(count("failed")).isEqualTo(1);
    assertThat(count("sent")).isZero();
  }

  @Test
  void dropsAndCountsWhenTheQueueIsFullWithoutBlockingTheCaller() throws Exception {
    BlockingProducer producer = new BlockingProducer();
    log = start(producer, 2);
    log.offer(prediction("taken-by-sender"));
    assertThat(producer.entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    long start = System.nanoTime();
    boolean[] accepted = {
      log.offer(prediction("q1")), log.offer(prediction("q2")), log.offer(prediction("dropped"))
    };
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(accepted).containsExactly(true, true, false);
    assertThat(elapsedMillis).isLessThan(500);
    assertThat(count("dropped")).isEqualTo(1);
    assertThat(registry.get("gateway.prediction.log.queue.depth").gauge().value()).isEqualTo(2);

    producer.release.countDown();
    awaitTrue(() -> producer.history().size() == 3);
    awaitTrue(() -> log.depth() == 0);
  }

  @Test
  void closeHandsQueuedEventsToTheProducerAndRefusesLaterOnes() throws Exception {
    BlockingProducer producer = new BlockingProducer();
    log = start(producer, 10);
    log.offer(prediction("a"));
    assertThat(producer.entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    log.offer(prediction("b"));
    log.offer(prediction("c"));

    producer.release.countDown();
    log.close(WAIT);

    assertThat(producer.history())
        .extracting(r -> CODEC.decode(r.value()).getRequestId())
        .containsExactly("a", "b", "c");
    assertThat(log.offer(prediction("late"))).isFalse();
    assertThat(count("dropped")).isEqualTo(1);
  }

  @Test
  void closeCountsEventsTheSenderCouldNotHandOverInTimeAsDropped() throws Exception {
    BlockingProducer producer = new BlockingProducer();
    log = start(producer, 10);
    log.offer(prediction("stuck"));
    assertThat(producer.entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    log.offer(prediction("never-sent"));

    log.close(Duration.ofMillis(200));

    assertThat(count("dropped")).isEqualTo(1);
    assertThat(log.depth()).isZero();
    producer.release.countDown();
  }

  @Test
  void countsEventsOfTagSetsBeyondTheBoundUnderOneOtherSeries() throws Exception {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    log = start(producer, 5_000);
    int models = EventLog.MAX_TAG_SETS + 200;
    for (int i = 0; i < models; i++) {
      log.offer(PredictionEvent.newBuilder(prediction("r" + i)).setModel("invented-" + i).build());
    }
    awaitTrue(() -> producer.history().size() == models);

    assertThat(registry.find("gateway.prediction.log.sent").counters())
        .hasSize(EventLog.MAX_TAG_SETS + 1);
    awaitTrue(
        () ->
            registry
                    .get("gateway.prediction.log.sent")
                    .tags("model", EventLog.OTHER, "version", EventLog.OTHER)
                    .counter()
                    .count()
                == 200);
  }

  /** A producer whose send blocks until released, like a KafkaProducer with a full buffer. */
  private static final class BlockingProducer extends MockProducer<String, byte[]> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    BlockingProducer() {
      super(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.apache.kafka.common.errors.InterruptException(e);
      }
      return super.send(record, callback);
    }
  }
}
