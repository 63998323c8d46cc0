package io.driftwatch.flink.source;

import io.driftwatch.schemas.ModelEvent;
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
 * Decodes Kafka {@code model-events} values (Avro single-object encoding) into {@link ModelEvent}s.
 * A compaction tombstone (null value) is skipped silently; a record that cannot be decoded is
 * skipped, counted in {@value #UNDECODABLE_METRIC} and logged with its position and reason. It
 * never fails the job.
 */
public final class ModelEventDeserializer implements KafkaRecordDeserializationSchema<ModelEvent> {

  private static final long serialVersionUID = 1L;

  public static final String UNDECODABLE_METRIC = "undecodableModelEvents";

  private static final Logger LOG = LoggerFactory.getLogger(ModelEventDeserializer.class);

  private transient SingleObjectCodec<ModelEvent> codec;
  private transient Counter undecodable;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    codec = SingleObjectCodec.modelEvents();
    undecodable = context.getMetricGroup().counter(UNDECODABLE_METRIC);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelEvent> out) {
    if (record.value() == null) {
      return;
    }
    try {
      out.collect(codec.decode(record.value()));
    } catch (UndecodableRecordException e) {
      undecodable.inc();
      LOG.warn(
          "Skipping undecodable model event at {}-{} offset {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  @Override
  public TypeInformation<ModelEvent> getProducedType() {
    return new AvroSpecificTypeInfo<>(ModelEvent.class);
  }
}
