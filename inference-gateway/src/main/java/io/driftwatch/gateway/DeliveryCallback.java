package io.driftwatch.gateway;

import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts one record's delivery as sent or failed, and logs when a log starts and stops failing (not
 * every failure, so an unreachable broker does not flood the log). Runs on the producer's I/O
 * thread; does nothing that blocks.
 */
final class DeliveryCallback implements Callback {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryCallback.class);

  private final String topic;
  private final Counter sent;
  private final Counter failed;
  private final AtomicBoolean failing;

  /**
   * @param failing shared by all callbacks of one log: whether its last delivery failed
   */
  DeliveryCallback(String topic, Counter sent, Counter failed, AtomicBoolean failing) {
    this.topic = topic;
    this.sent = sent;
    this.failed = failed;
    this.failing = failing;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
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
