package io.driftwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");

  private final SingleObjectCodec<PredictionEvent> codec = SingleObjectCodec.predictions();

  @Test
  void roundTripsAPredictionWithTheSpecHeaderAndFingerprint() {
    PredictionEvent event = prediction("req-1");

    byte[] bytes = codec.encode(event);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = SchemaNormalization.parsingFingerprint64(PredictionEvent.getClassSchema());
    byte[] expected = new byte[8];
    for (int i = 0; i < 8; i++) {
      expected[i] = (byte) (fingerprint >>> (8 * i));
    }
    assertThat(Arrays.copyOfRange(bytes, 2, 10)).isEqualTo(expected);
    assertThat(codec.decode(bytes)).isEqualTo(event);
  }

  @Test
  void readsAReferenceProfileWrittenWithTheFirstSchemaWithEmptyBinCounts() throws Exception {
    Schema v1;
    try (var in = getClass().getResourceAsStream(SingleObjectCodec.REFERENCE_PROFILE_V1)) {
      v1 = new Schema.Parser().parse(in);
    }
    GenericRecord column =
        new GenericData.Record(v1.getField("features").schema().getElementType());
    column.put("name", "age");
    column.put(
        "kind",
        new GenericData.EnumSymbol(column.getSchema().getField("kind").schema(), "NUMERIC"));
    column.put("count", 3L);
    column.put("missing", 0L);
    column.put("invalid", 0L);
    column.put("min", 1.0);
    column.put("max", 3.0);
    column.put("bin_edges", List.of(2.0));
    column.put("sketch", ByteBuffer.wrap(new byte[] {1, 2}));
    GenericRecord profile = new GenericData.Record(v1);
    profile.put("model", "churn");
    profile.put("version", "1");
    profile.put("created_at", RECEIVED.toEpochMilli());
    profile.put("source", Map.of());
    profile.put("features", List.of(column));
    profile.put("outputs", List.of());
    ByteBuffer old = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(profile);
    byte[] bytes = new byte[old.remaining()];
    old.get(bytes);

    ReferenceProfile decoded = SingleObjectCodec.referenceProfiles().decode(bytes);

    assertThat(decoded.getFeatures().get(0).getBinEdges()).containsExactly(2.0);
    assertThat(decoded.getFeatures().get(0).getBinCounts()).isEmpty();
  }

  @Test
  void refusesBytesWithoutTheSingleObjectHeader() {
    assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("not Avro single-object encoded");
  }

  @Test
  void refusesARecordOfAnotherSchema() {
    byte[] label =
        SingleObjectCodec.labels()
            .encode(
                LabelEvent.newBuilder()
                    .setRequestId("req-1")
                    .setLabelClass("rain")
                    .setEventTime(RECEIVED)
                    .build());

    assertThatThrownBy(() -> codec.decode(label))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("unknown schema fingerprint");
  }

  @Test
  void refusesATruncatedBody() {
    byte[] bytes = codec.encode(prediction("req-2"));

    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, 14)))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("corrupt PredictionEvent");
  }

  private static PredictionEvent prediction(String id) {
    return PredictionEvent.newBuilder()
        .setRequestId(id)
        .setModel("seattle-weather")
        .setVersion("1")
        .setEventTime(RECEIVED)
        .setNumericFeatures(Map.of("wind", 4.7, "temp_max", 12.8))
        .setCategoricalFeatures(Map.of())
        .setPredictedClass("rain")
        .setScore(0.8)
        .setProbabilities(Map.of("rain", 0.8, "sun", 0.2))
        .setQueueMicros(10)
        .setComputeMicros(90)
        .setLatencyMicros(150)
        .setStatus(PredictionStatus.OK)
        .build();
  }
}
