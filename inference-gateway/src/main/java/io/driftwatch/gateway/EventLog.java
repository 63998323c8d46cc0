package io.driftwatch.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded in-memory queue of events drained into Kafka by one background sender thread, so that
 * request threads never block on Kafka: {@link #offer} either enqueues or drops and counts.
 *
 * <p>While the broker is unreachable the producer first buffers records itself (up to its buffer
 * memory, each for at most its delivery timeout); when it refuses a record outright (no metadata or
 * no buffer memory within {@code max.block.ms}) the sender thread keeps that record and offers it
 * again, so the outage fills this queue instead of losing events. Nothing is lost while the outage
 * stays within those bounds: queue capacity, producer buffer memory and delivery timeout.
 *
 * <p>Meters, each tagged by {@code tagsOf(event)}: {@code <prefix>.sent}, {@code <prefix>.failed}
 * (delivery or serialization failed) and {@code <prefix>.dropped} (queue full or log closed)
 * counters, and the {@code <prefix>.queue.depth} gauge. Thread-safe.
 *
 * @param <T> event type
 */
final class EventLog<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

  /** How long the sender waits for an event before checking whether it should stop. */
  private static final Duration POLL = Duration.ofMillis(100);

  /** Pause before handing an event the producer refused (after max.block.ms) to it again. */
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  /** Everything that describes one log except its queue and thread. */
  record Spec<T>(
      String topic,
      String meterPrefix,
      Function<T, String> keyOf,
      Function<T, byte[]> encoder,
      Function<T, Tags> tagsOf,
      int capacity) {

    Spec {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(meterPrefix, "meterPrefix");
      Objects.requireNonNull(keyOf, "keyOf");
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(tagsOf, "tagsOf");
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
      }
    }
  }

  private final Spec<T> spec;
  private final BlockingQueue<T> queue;
  private final Producer<String, byte[]> producer;
  private final MeterRegistry registry;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final Thread sender;
  private volatile boolean closing;

  private EventLog(Spec<T> spec, Producer<String, byte[]> producer, MeterRegistry registry) {
    this.spec = spec;
    this.queue = new ArrayBlockingQueue<>(spec.capacity());
    this.producer = producer;
    this.registry = registry;
    this.sender = new Thread(this::drain, "event-log-" + spec.topic());
    this.sender.setDaemon(true);
    Gauge.builder(spec.meterPrefix() + ".queue.depth", queue, BlockingQueue::size)
        .description("Events waiting for the sender thread")
        .tag("topic", spec.topic())
        .register(registry);
  }

  /**
   * Creates the log and starts its sender thread. The producer is shared and stays open: its owner
   * closes it after this log.
   */
  static <T> EventLog<T> start(
      Spec<T> spec, Producer<String, byte[]> producer, MeterRegistry registry) {
    EventLog<T> log = new EventLog<>(spec, producer, registry);
    log.sender.start();
    return log;
  }

  /** Enqueues an event without blocking; returns false and counts a drop when it cannot. */
  boolean offer(T event) {
    Outcomes outcomes = outcomes(event);
    if (!closing && queue.offer(event)) {
      return true;
    }
    outcomes.dropped().increment();
    return false;
  }

  /** Events waiting to be handed to the producer. */
  int depth() {
    return queue.size();
  }

  private void drain() {
    try {
      while (true) {
        T event = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (event != null) {
          send(event);
        } else if (closing) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(T event) throws InterruptedException {
    Outcomes outcomes = outcomes(event);
    Counter failed = outcomes.failed();
    byte[] value;
    try {
      value = spec.encoder().apply(event);
    } catch (RuntimeException e) {
      failed.increment();
      LOG.warn("cannot encode an event for topic {}: {}", spec.topic(), e.toString());
      return;
    }
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(spec.topic(), spec.keyOf().apply(event), value);
    while (true) {
      DeliveryCallback delivery =
          new DeliveryCallback(spec.topic(), outcomes.sent(), failed, failing, sender);
      try {
        producer.send(record, delivery);
      } catch (KafkaException | IllegalStateException e) {
        failed.increment();
        if (failing.compareAndSet(false, true)) {
          LOG.warn("cannot send to topic {}: {}", spec.topic(), e.toString());
        }
        return;
      }
      if (!delivery.refusedBeforeAppend()) {
        return;
      }
      // No metadata (broker down) or no buffer memory within max.block.ms: the record never
      // reached the producer's buffer, so sending it again cannot duplicate it. Meanwhile the
      // queue absorbs new events up to its capacity and drops (counted) beyond it.
      if (closing) {
        outcomes.dropped().increment();
        return;
      }
      Thread.sleep(RETRY_PAUSE.toMillis());
    }
  }

  /** The counters of an event's tags, all registered together so each series starts at 0. */
  private record Outcomes(Counter sent, Counter failed, Counter dropped) {}

  private Outcomes outcomes(T event) {
    Tags tags = spec.tagsOf().apply(event).and("topic", spec.topic());
    return new Outcomes(
        counter("sent", tags, "Events the broker acknowledged"),
        counter("failed", tags, "Events that could not be encoded or delivered"),
        counter("dropped", tags, "Events dropped because the queue was full or the log closed"));
  }

  private Counter counter(String outcome, Tags tags, String description) {
    return Counter.builder(spec.meterPrefix() + "." + outcome)
        .description(description)
        .tags(tags)
        .register(registry);
  }

  /**
   * Stops accepting events and hands the queued ones to the producer, waiting at most {@code
   * timeout}; events still queued after that are counted as dropped. Does not close the producer.
   */
  void close(Duration timeout) {
    closing = true;
    try {
      sender.join(timeout.toMillis());
      if (sender.isAlive()) {
        sender.interrupt();
        sender.join(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    T left;
    while ((left = queue.poll()) != null) {
      outcomes(left).dropped().increment();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
