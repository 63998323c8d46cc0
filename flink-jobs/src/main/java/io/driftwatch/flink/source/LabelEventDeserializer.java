package io.driftwatch.flink.source;

import io.driftwatch.schemas.LabelEvent;
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
 * Decodes Kafka {@code labels} values (Avro single-object encoding) into {@link LabelEvent}s. A
 * record without a value or one that cannot be decoded is skipped, counted in {@value
 * #UNDECODABLE_METRIC} and logged with its position and reason; it never fails the job.
 */
public final class LabelEventDeserializer implements KafkaRecordDeserializationSchema<LabelEvent> {

  private static final long serialVersionUID = 1L;

  public static final String UNDECODABLE_METRIC = "undecodableLabels";

  private static final Logger LOG = LoggerFactory.getLogger(LabelEventDeserializer.class);

  private transient SingleObjectCodec<LabelEvent> codec;
  private transient Counter undecodable;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    codec = SingleObjectCodec.labels();
    undecodable = context.getMetricGroup().counter(UNDECODABLE_METRIC);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<LabelEvent> out) {
    try {
      if (record.value() == null) {
        throw new UndecodableRecordException("no value");
      }
      out.collect(codec.decode(record.value()));
    } catch (UndecodableRecordException e) {
      undecodable.inc();
      LOG.warn(
          "Skipping undecodable label at {}-{} offset {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  @Override
  public TypeInformation<LabelEvent> getProducedType() {
    return new AvroSpecificTypeInfo<>(LabelEvent.class);
  }
}
