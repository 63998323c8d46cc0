package io.driftwatch.flink.source;

import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.UndecodableRecordException;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes Kafka values in Avro single-object encoding into one generated record type. A record that
 * cannot be decoded, has no value, or decodes to a record {@link #invalid} rejects is skipped:
 * counted in the source's metric named by the subclass and logged with its topic, partition, offset
 * and reason. It never fails the job. Subclasses that read a compacted topic may skip records
 * without a value (tombstones) silently.
 *
 * @param <T> the generated record class
 */
abstract class SingleObjectDeserializer<T extends SpecificRecordBase>
    implements KafkaRecordDeserializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(SingleObjectDeserializer.class);

  private final Class<T> type;
  private final String metric;
  private final boolean tombstonesAllowed;

  private transient SingleObjectCodec<T> codec;
  private transient Counter undecodable;

  /**
   * @param type the generated record class
   * @param metric name of the counter of skipped records
   * @param tombstonesAllowed whether a record without a value is skipped without counting
   */
  SingleObjectDeserializer(Class<T> type, String metric, boolean tombstonesAllowed) {
    this.type = Objects.requireNonNull(type, "type");
    this.metric = Objects.requireNonNull(metric, "metric");
    this.tombstonesAllowed = tombstonesAllowed;
  }

  /** Why a decoded record cannot be used, or null when it can. */
  String invalid(T record) {
    return null;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    codec = SingleObjectCodec.of(type);
    undecodable = context.getMetricGroup().counter(metric);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    if (record.value() == null && tombstonesAllowed) {
      return;
    }
    T decoded;
    try {
      decoded = codec.decode(record.value());
    } catch (UndecodableRecordException e) {
      skip(record, e.getMessage());
      return;
    }
    String invalid = invalid(decoded);
    if (invalid != null) {
      skip(record, invalid);
      return;
    }
    out.collect(decoded);
  }

  private void skip(ConsumerRecord<byte[], byte[]> record, String reason) {
    undecodable.inc();
    LOG.warn(
        "Skipping undecodable {} at {}-{} offset {}: {}",
        type.getSimpleName(),
        record.topic(),
        record.partition(),
        record.offset(),
        reason);
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return new AvroSpecificTypeInfo<>(type);
  }
}
