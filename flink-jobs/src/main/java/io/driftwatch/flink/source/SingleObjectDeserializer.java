package io.driftwatch.flink.source;

import io.driftwatch.schemas.DeadLetter;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes Kafka values in Avro single-object encoding into one generated record type, emitting
 * {@code Right(record)}; a record that cannot be decoded (garbage, unknown schema fingerprint,
 * truncated) or decodes to a record {@link #invalid} rejects becomes {@code Left(}{@link
 * DeadLetter}{@code )} with its topic, partition, offset, key, bytes and reason, is counted in the
 * source's metric named by the subclass and logged. It never fails the job; {@link
 * SplitDeadLetters} routes the letters to the {@code dead-letters} topic. Subclasses that read a
 * compacted topic may skip records without a value (tombstones) silently.
 *
 * @param <T> the generated record class
 */
abstract class SingleObjectDeserializer<T extends SpecificRecordBase>
    implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(SingleObjectDeserializer.class);

  private final Class<T> type;
  private final String metric;
  private final boolean tombstonesAllowed;
  private final Clock clock;

  private transient SingleObjectCodec<T> codec;
  private transient Counter undecodable;

  /**
   * @param type the generated record class
   * @param metric name of the counter of dead-lettered records
   * @param tombstonesAllowed whether a record without a value is skipped without a dead letter
   * @param clock when a record is dead-lettered
   */
  SingleObjectDeserializer(Class<T> type, String metric, boolean tombstonesAllowed, Clock clock) {
    this.type = Objects.requireNonNull(type, "type");
    this.metric = Objects.requireNonNull(metric, "metric");
    this.tombstonesAllowed = tombstonesAllowed;
    this.clock = Objects.requireNonNull(clock, "clock");
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
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
    if (record.value() == null && tombstonesAllowed) {
      return;
    }
    T decoded;
    try {
      decoded = codec.decode(record.value());
    } catch (UndecodableRecordException e) {
      out.collect(Either.Left(deadLetter(record, "undecodable", e.getMessage())));
      return;
    }
    String invalid = invalid(decoded);
    if (invalid != null) {
      out.collect(Either.Left(deadLetter(record, "invalid", invalid)));
      return;
    }
    out.collect(Either.Right(decoded));
  }

  private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String kind, String reason) {
    undecodable.inc();
    LOG.warn(
        "Dead-lettering {} {} at {}-{} offset {}: {}",
        kind,
        type.getSimpleName(),
        record.topic(),
        record.partition(),
        record.offset(),
        reason);
    return DeadLetter.newBuilder()
        .setKind(kind)
        .setSource(record.topic())
        .setPartition(record.partition())
        .setOffset(record.offset())
        .setReason(reason)
        .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
        .setPayload(record.value() == null ? null : ByteBuffer.wrap(record.value()))
        .setDeadLetteredAt(clock.instant())
        .build();
  }

  @Override
  public TypeInformation<Either<DeadLetter, T>> getProducedType() {
    return new EitherTypeInfo<>(
        new AvroSpecificTypeInfo<>(DeadLetter.class), new AvroSpecificTypeInfo<>(type));
  }
}
