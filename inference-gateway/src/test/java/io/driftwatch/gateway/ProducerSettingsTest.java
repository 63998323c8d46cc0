package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The producer settings the prediction log's guarantees rest on. */
class ProducerSettingsTest {

  @Test
  void theProducerIsIdempotentCompressesAndBlocksABoundedTime() {
    Map<String, Object> settings = ProducerSettings.of("127.0.0.1:9092");

    assertThat(settings)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000)
        .containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
  }

  @Test
  void kafkaAcceptsTheSettingsAsTheyAre() {
    Map<String, Object> settings = new HashMap<>(ProducerSettings.of("127.0.0.1:9092"));
    // The gateway hands its serializers to the producer's constructor instead.
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    ProducerConfig config = new ProducerConfig(settings);

    assertThat(config.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
    assertThat(config.getString(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("lz4");
    assertThat(config.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo(2_000L);
    assertThat(config.getLong(ProducerConfig.LINGER_MS_CONFIG))
        .isEqualTo((long) ProducerSettings.LINGER_MS);
  }
}
