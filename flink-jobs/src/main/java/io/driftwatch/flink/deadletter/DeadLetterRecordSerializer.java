package io.driftwatch.flink.deadletter;

import io.driftwatch.schemas.DeadLetter;
import io.driftwatch.schemas.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link DeadLetter} to the dead-letters topic: key = the letter's key (the original
 * record's key, or the alert fingerprint), value = Avro single-object encoding, record timestamp =
 * when it was dead-lettered.
 */
public final class DeadLetterRecordSerializer
    implements KafkaRecordSerializationSchema<DeadLetter> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private transient SingleObjectCodec<DeadLetter> codec;

  public DeadLetterRecordSerializer(String topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /** The dead-letters sink, at least once: a restore may repeat a letter. */
  public static KafkaSink<DeadLetter> kafkaSink(String bootstrapServers, String topic) {
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(new DeadLetterRecordSerializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    return record(letter);
  }

  /** The Kafka record of one letter; also used by writers outside a Flink sink. */
  public ProducerRecord<byte[], byte[]> record(DeadLetter letter) {
    if (codec == null) {
      codec = SingleObjectCodec.deadLetters();
    }
    return new ProducerRecord<>(
        topic,
        null,
        letter.getDeadLetteredAt().toEpochMilli(),
        bytes(letter.getKey()),
        codec.encode(letter));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
