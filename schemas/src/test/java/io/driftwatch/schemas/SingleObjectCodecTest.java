package io.driftwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
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
