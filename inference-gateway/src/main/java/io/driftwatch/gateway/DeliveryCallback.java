package io.driftwatch.gateway;

import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts one record's delivery as sent or failed (or notes that {@code send} refused it before
 * buffering it), and logs when a log starts and stops failing (not every failure, so an unreachable
 * broker does not flood the log). Runs on the producer's I/O thread; does nothing that blocks.
 */
final class DeliveryCallback implements Callback {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryCallback.class);

  private final String topic;
  private final Counter sent;
  private final Counter failed;
  private final AtomicBoolean failing;
  private final Thread sender;
  private boolean refusedBeforeAppend;

  /**
   * @param failing shared by all callbacks of one log: whether its last delivery failed
   * @param sender the thread that calls {@code send}: a retriable failure reported on it, inside
   *     {@code send}, means the record was never appended to the producer's buffer
   */
  DeliveryCallback(
      String topic, Counter sent, Counter failed, AtomicBoolean failing, Thread sender) {
    this.topic = topic;
    this.sent = sent;
    this.failed = failed;
    this.failing = failing;
    this.sender = sender;
  }

  /**
   * Whether {@code send} refused the record before buffering it (no metadata or no buffer memory
   * within {@code max.block.ms}); then it is not counted, and the caller may send it again. Read on
   * the sender thread after {@code send} returned.
   */
  boolean refusedBeforeAppend() {
    return refusedBeforeAppend;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    if (exception instanceof RetriableException && Thread.currentThread() == sender) {
      refusedBeforeAppend = true;
      if (failing.compareAndSet(false, true)) {
        LOG.warn("cannot send to topic {} yet, holding events: {}", topic, exception.toString());
      }
      return;
    }
    if (exception == null) {
      sent.increment();
      if (failing.compareAndSet(true, false)) {
        LOG.info("delivering to topic {} again", topic);
      }
    } else {
      failed.increment();
      if (failing.compareAndSet(false, true)) {
        LOG.warn("cannot deliver to topic {}: {}", topic, exception.toString());
      }
    }
  }
}
