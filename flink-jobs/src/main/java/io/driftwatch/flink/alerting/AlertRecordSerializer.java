package io.driftwatch.flink.alerting;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an {@link Alert} to the alerts topic: key = fingerprint (UTF-8), so FIRING and RESOLVED of
 * one alert land in one partition in order; value = Avro single-object encoding; record timestamp =
 * the window end.
 */
public final class AlertRecordSerializer implements KafkaRecordSerializationSchema<Alert> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private transient SingleObjectCodec<Alert> codec;

  public AlertRecordSerializer(String topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Alert alert, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = SingleObjectCodec.alerts();
    }
    return new ProducerRecord<>(
        topic,
        null,
        alert.getWindowEnd().toEpochMilli(),
        alert.getFingerprint().getBytes(StandardCharsets.UTF_8),
        codec.encode(alert));
  }
}
