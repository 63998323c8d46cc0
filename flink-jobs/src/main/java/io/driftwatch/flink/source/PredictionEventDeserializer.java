package io.driftwatch.flink.source;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.UndecodableRecordException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes Kafka {@code predictions} values (Avro single-object encoding) into {@link
 * PredictionEvent}s. A record that cannot be decoded, or decodes to an impossible event (negative
 * latency), is skipped: counted in the metric {@value #UNDECODABLE_METRIC} and logged with its
 * topic, partition, offset and reason. It never fails the job.
 */
public final class PredictionEventDeserializer
    implements KafkaRecordDeserializationSchema<PredictionEvent> {

  private static final long serialVersionUID = 1L;

  /** Name of the counter of skipped records, in the source's metric group. */
  public static final String UNDECODABLE_METRIC = "undecodablePredictions";

  private static final Logger LOG = LoggerFactory.getLogger(PredictionEventDeserializer.class);

  private transient SingleObjectCodec<PredictionEvent> codec;
  private transient Counter undecodable;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    codec = SingleObjectCodec.predictions();
    undecodable = context.getMetricGroup().counter(UNDECODABLE_METRIC);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PredictionEvent> out) {
    PredictionEvent event;
    try {
      event = codec.decode(record.value());
    } catch (UndecodableRecordException e) {
      skip(record, e.getMessage());
      return;
    }
    if (event.getLatencyMicros() < 0) {
      skip(record, "negative latency_micros " + event.getLatencyMicros());
      return;
    }
    out.collect(event);
  }

  private void skip(ConsumerRecord<byte[], byte[]> record, String reason) {
    undecodable.inc();
    LOG.warn(
        "Skipping undecodable prediction at {}-{} offset {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        reason);
  }

  @Override
  public TypeInformation<PredictionEvent> getProducedType() {
    return new AvroSpecificTypeInfo<>(PredictionEvent.class);
  }
}
