package io.driftwatch.gateway;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway's one Kafka producer: idempotent, {@code acks=all}, lz4, 20 ms linger, 256 KiB
 * batches, a 32 MiB buffer, and {@code send} blocking at most 2 s, which only the event logs'
 * sender threads ever wait for.
 */
final class ProducerSettings {

  /** Longest time {@code send} may block when the buffer is full or metadata is missing, ms. */
  static final int MAX_BLOCK_MS = 2_000;

  /** Memory the producer buffers unsent records in, bytes. */
  static final long BUFFER_MEMORY_BYTES = 32L * 1024 * 1024;

  /**
   * How long a partition's batch waits for more events, ms: monitoring reads events by event time
   * in windows of seconds, so 20 ms more on the way costs nothing and every produce request (the
   * broker's work per request, not per event) carries more events.
   */
  static final int LINGER_MS = 20;

  /** Largest batch per partition, bytes (Kafka's default is 16 KiB, ~60 prediction events). */
  static final int BATCH_SIZE_BYTES = 256 * 1024;

  private ProducerSettings() {}

  static Map<String, Object> of(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG,
        "driftwatch-gateway",
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.COMPRESSION_TYPE_CONFIG,
        "lz4",
        ProducerConfig.LINGER_MS_CONFIG,
        LINGER_MS,
        ProducerConfig.BATCH_SIZE_CONFIG,
        BATCH_SIZE_BYTES,
        ProducerConfig.BUFFER_MEMORY_CONFIG,
        BUFFER_MEMORY_BYTES,
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        MAX_BLOCK_MS);
  }

  static Producer<String, byte[]> create(String bootstrapServers) {
    return new KafkaProducer<>(
        of(bootstrapServers), new StringSerializer(), new ByteArraySerializer());
  }
}
