package io.driftwatch.flink.serving;

import static io.driftwatch.flink.PredictionEvents.ok;
import static io.driftwatch.flink.PredictionEvents.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.flink.state.BinaryValueTypeInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ServingAccumulatorSerializerTest {

  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final ClassLoader CLASS_LOADER =
      ServingAccumulatorSerializerTest.class.getClassLoader();

  private final ServingAccumulatorSerializer serializer = ServingAccumulatorSerializer.INSTANCE;

  /** 2000 requests (more than the sketch keeps exactly), every tenth failed. */
  private static ServingAccumulator busyWindow() {
    ServingAccumulator accumulator = ServingAccumulator.empty();
    for (int i = 1; i <= 2000; i++) {
      accumulator.add(
          ServingObservation.of(
              i % 10 == 0 ? serverError("m", NOON, i * 100L) : ok("m", NOON, i * 100L)));
    }
    return accumulator;
  }

  @Test
  void typeExtractionFindsTheCustomTypeInformation() {
    TypeInformation<ServingAccumulator> type = TypeInformation.of(ServingAccumulator.class);

    assertThat(type).isInstanceOf(BinaryValueTypeInfo.class);
    assertThat(type.createSerializer(new SerializerConfigImpl()))
        .isSameAs(ServingAccumulatorSerializer.INSTANCE);
  }

  @Test
  void roundTripsCountsAndTheLatencySketch() throws IOException {
    ServingAccumulator original = busyWindow();

    ServingAccumulator restored = roundTrip(original);

    assertThat(restored.stats().summarize(WINDOW)).isEqualTo(original.stats().summarize(WINDOW));
    assertThat(restored.stats().requests()).isEqualTo(2000);
    assertThat(restored.stats().errors()).isEqualTo(200);
  }

  @Test
  void roundTripsAnEmptyAccumulator() throws IOException {
    ServingAccumulator restored = roundTrip(serializer.createInstance());

    assertThat(restored.stats().requests()).isZero();
    assertThat(restored.stats().latency().isEmpty()).isTrue();
  }

  @Test
  void copyIsDeepAndIndependent() {
    ServingAccumulator original = busyWindow();

    ServingAccumulator copy = serializer.copy(original);
    copy.add(ServingObservation.of(ok("m", NOON, 5)));

    assertThat(original.stats().requests()).isEqualTo(2000);
    assertThat(copy.stats().requests()).isEqualTo(2001);
  }

  @Test
  void copiesSerializedBytesBetweenViews() throws IOException {
    DataOutputSerializer first = new DataOutputSerializer(64);
    serializer.serialize(busyWindow(), first);
    first.writeInt(42);

    DataInputDeserializer source = new DataInputDeserializer(first.getCopyOfBuffer());
    DataOutputSerializer second = new DataOutputSerializer(64);
    serializer.copy(source, second);

    assertThat(source.readInt()).as("bytes after the record stay unread").isEqualTo(42);
    assertThat(second.getCopyOfBuffer()).hasSize(first.length() - Integer.BYTES);
  }

  @Test
  void rejectsACorruptLengthPrefix() {
    DataInputDeserializer source = new DataInputDeserializer(new byte[] {-1, -1, -1, -1});

    assertThatThrownBy(() -> serializer.deserialize(source))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt ServingAccumulatorSerializer length -1");
  }

  @Test
  void snapshotRoundTripRestoresACompatibleSerializer() throws IOException {
    TypeSerializerSnapshot<ServingAccumulator> restored =
        readSnapshot(writeSnapshot(serializer.snapshotConfiguration()));

    assertThat(restored).isInstanceOf(ServingAccumulatorSerializerSnapshot.class);
    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    TypeSerializerSchemaCompatibility<ServingAccumulator> compatibility =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void stateWrittenByAnotherSerializerIsIncompatible() {
    TypeSerializerSnapshot<?> other = LongSerializer.INSTANCE.snapshotConfiguration();

    TypeSerializerSchemaCompatibility<ServingAccumulator> compatibility =
        serializer
            .snapshotConfiguration()
            .resolveSchemaCompatibility((TypeSerializerSnapshot<ServingAccumulator>) other);

    assertThat(compatibility.isIncompatible()).isTrue();
  }

  @Test
  void refusesASnapshotVersionItDoesNotKnow() {
    ServingAccumulatorSerializerSnapshot snapshot = new ServingAccumulatorSerializerSnapshot();

    assertThatThrownBy(
            () -> snapshot.readSnapshot(2, new DataInputDeserializer(new byte[0]), CLASS_LOADER))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 2");
  }

  private ServingAccumulator roundTrip(ServingAccumulator accumulator) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(accumulator, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  private static byte[] writeSnapshot(TypeSerializerSnapshot<ServingAccumulator> snapshot)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return out.getCopyOfBuffer();
  }

  private static TypeSerializerSnapshot<ServingAccumulator> readSnapshot(byte[] bytes)
      throws IOException {
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(bytes), CLASS_LOADER);
  }
}
