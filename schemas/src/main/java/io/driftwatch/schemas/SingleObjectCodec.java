package io.driftwatch.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type in Avro's single-object encoding: the two marker bytes {@code
 * C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer schema, then the binary record.
 *
 * <p>Thread-safe: Avro's message encoder and decoder keep per-thread buffers.
 *
 * @param <T> the generated record class
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private SingleObjectCodec(Class<T> type, Schema schema) {
    this.type = type;
    this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
    this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema);
  }

  /** A codec for a generated record class, reading and writing its current schema. */
  public static <T extends SpecificRecord> SingleObjectCodec<T> of(Class<T> type) {
    return new SingleObjectCodec<>(type, SpecificData.get().getSchema(type));
  }

  public static SingleObjectCodec<PredictionEvent> predictions() {
    return of(PredictionEvent.class);
  }

  public static SingleObjectCodec<LabelEvent> labels() {
    return of(LabelEvent.class);
  }

  public static SingleObjectCodec<ModelEvent> modelEvents() {
    return of(ModelEvent.class);
  }

  public static SingleObjectCodec<Alert> alerts() {
    return of(Alert.class);
  }

  public static SingleObjectCodec<DeadLetter> deadLetters() {
    return of(DeadLetter.class);
  }

  /**
   * Reference profiles, also reading those written with the first schema (before {@code
   * bin_counts}, resource {@value #REFERENCE_PROFILE_V1}): their columns decode with empty bin
   * counts.
   */
  public static SingleObjectCodec<ReferenceProfile> referenceProfiles() {
    return of(ReferenceProfile.class).acceptingWriterSchema(historicSchema(REFERENCE_PROFILE_V1));
  }

  /** Classpath resource of the first ReferenceProfile schema. */
  static final String REFERENCE_PROFILE_V1 =
      "/io/driftwatch/schemas/history/ReferenceProfile-1.avsc";

  private static Schema historicSchema(String resource) {
    try (InputStream in = SingleObjectCodec.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + resource, e);
    }
  }

  /**
   * Makes records written with an older schema readable: the decoder resolves them to the current
   * one by the fingerprint in their header.
   */
  public SingleObjectCodec<T> acceptingWriterSchema(Schema olderSchema) {
    decoder.addSchema(olderSchema);
    return this;
  }

  public Class<T> type() {
    return type;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
    }
  }

  /**
   * Decodes one record.
   *
   * @throws UndecodableRecordException naming why: not single-object encoded, unknown schema
   *     fingerprint, or a truncated or corrupt body
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      throw new UndecodableRecordException("null value, expected " + type.getSimpleName());
    }
    try {
      return decoder.decode(bytes);
    } catch (BadHeaderException e) {
      throw new UndecodableRecordException(
          "not Avro single-object encoded " + type.getSimpleName() + ": " + e.getMessage(), e);
    } catch (MissingSchemaException e) {
      throw new UndecodableRecordException(
          "unknown schema fingerprint for " + type.getSimpleName() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new UndecodableRecordException(
          "corrupt " + type.getSimpleName() + " body: " + e.getMessage(), e);
    }
  }
}
