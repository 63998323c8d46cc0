package io.driftwatch.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
 * <p>Meters, each tagged by {@code tagKeys} with {@code tagValues(event)}: {@code <prefix>.sent},
 * {@code <prefix>.failed} (delivery or serialization failed) and {@code <prefix>.dropped} (queue
 * full or log closed) counters, and the {@code <prefix>.queue.depth} gauge. Thread-safe.
 *
 * @param <T> event type
 */
final class EventLog<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

  /** How long the sender waits for an event before checking whether it should stop. */
  private static final Duration POLL = Duration.ofMillis(100);

  /** Events the sender takes from the queue at a time. */
  private static final int BATCH = 256;

  /** How long the sender pauses between looks at the queue while events flow. */
  private static final Duration FLOWING_PAUSE = Duration.ofMillis(1);

  /** Empty looks (each after {@code FLOWING_PAUSE}) before the sender blocks on the queue. */
  private static final int IDLE_LOOKS = 50;

  /** Tag sets with their own counters; events of further ones count under {@link #OTHER}. */
  static final int MAX_TAG_SETS = 1_000;

  /** Value of every tag of the overflow series, see {@link #outcomes}. */
  static final String OTHER = "_other";

  /** Pause before handing an event the producer refused (after max.block.ms) to it again. */
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  /** Everything that describes one log except its queue and thread. */
  record Spec<T>(
      String topic,
      String meterPrefix,
      Function<T, String> keyOf,
      Function<T, byte[]> encoder,
      List<String> tagKeys,
      Function<T, List<String>> tagValues,
      int capacity) {

    Spec {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(meterPrefix, "meterPrefix");
      Objects.requireNonNull(keyOf, "keyOf");
      Objects.requireNonNull(encoder, "encoder");
      tagKeys = List.copyOf(tagKeys);
      Objects.requireNonNull(tagValues, "tagValues");
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
  // By tag values: looking a series up builds no Tags (which sorts) per event.
  private final Map<List<String>, Outcomes> outcomes = new ConcurrentHashMap<>();
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
    if (!closing && queue.offer(event)) {
      return true;
    }
    outcomes(event).dropped().increment();
    return false;
  }

  /** Events waiting to be handed to the producer. */
  int depth() {
    return queue.size();
  }

  /**
   * The sender's loop: takes the queue in batches of up to {@value #BATCH} events. While events
   * flow it looks again every {@code FLOWING_PAUSE} instead of being woken by each offer (a wake-up
   * per event costs request threads a futex call and the machine a context switch); after {@value
   * #IDLE_LOOKS} looks at an empty queue it blocks until the next event arrives.
   */
  private void drain() {
    List<T> batch = new ArrayList<>(BATCH);
    int sent = 0;
    int emptyLooks = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (queue.drainTo(batch, BATCH) == 0) {
          if (closing) {
            return;
          }
          if (++emptyLooks < IDLE_LOOKS) {
            LockSupport.parkNanos(FLOWING_PAUSE.toNanos());
            continue;
          }
          T event = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
          if (event == null) {
            continue;
          }
          batch.add(event);
        }
        emptyLooks = 0;
        for (sent = 0; sent < batch.size() && !Thread.currentThread().isInterrupted(); sent++) {
          send(batch.get(sent));
        }
        if (sent < batch.size()) {
          return;
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // Interrupted (by close, past its timeout) with events of the batch not yet handed over.
      for (T left : batch.subList(Math.min(sent, batch.size()), batch.size())) {
        outcomes(left).dropped().increment();
      }
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

  /**
   * The counters of an event's tags, built and registered once per tag set. Past {@value
   * #MAX_TAG_SETS} tag sets, events of a new one count under the same tag keys with every value
   * {@value #OTHER}: refused requests name whatever model the client wrote in the path, and a flood
   * of invented names must not grow the registry without bound.
   */
  private Outcomes outcomes(T event) {
    List<String> values = spec.tagValues().apply(event);
    Outcomes known = outcomes.get(values);
    if (known != null) {
      return known;
    }
    List<String> series =
        outcomes.size() >= MAX_TAG_SETS ? Collections.nCopies(values.size(), OTHER) : values;
    return outcomes.computeIfAbsent(
        series,
        v -> {
          Tags tags = Tags.of("topic", spec.topic());
          for (int i = 0; i < spec.tagKeys().size(); i++) {
            tags = tags.and(spec.tagKeys().get(i), v.get(i));
          }
          return new Outcomes(
              counter("sent", tags, "Events the broker acknowledged"),
              counter("failed", tags, "Events that could not be encoded or delivered"),
              counter(
                  "dropped", tags, "Events dropped because the queue was full or the log closed"));
        });
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
