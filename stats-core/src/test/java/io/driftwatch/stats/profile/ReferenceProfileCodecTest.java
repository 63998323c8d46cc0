package io.driftwatch.stats.profile;

import static io.driftwatch.stats.Samples.categories;
import static io.driftwatch.stats.Samples.normal;
import static io.driftwatch.stats.Samples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.ColumnProfile;
import io.driftwatch.schemas.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceProfileCodecTest {

  private static final Instant BUILT_AT = Instant.parse("2026-03-01T12:00:00.123456Z");

  private static ReferenceProfile weatherProfile() {
    NumericSketch temperature = sketchOf(normal(1, 20_000, 15));
    temperature.addMissing(12);
    temperature.update(Double.NaN);
    NumericSketch neverMeasured = NumericSketch.empty();
    neverMeasured.addMissing(20_013);
    CategoricalSketch station = categories("oslo", 9000, "bergen", 7000, "tromsø", 4000);
    station.addMissing(13);
    NumericSketch score = sketchOf(normal(2, 20_013, 0.5));
    CategoricalSketch predicted = categories("rain", 12_000, "dry", 8_013);
    return new ReferenceProfile(
        "weather",
        "3",
        BUILT_AT,
        Map.of("file", "train.csv", "rows", "20013"),
        List.of(
            NumericReference.of("temperature", temperature),
            NumericReference.of("humidity_sensor_b", neverMeasured),
            new CategoricalReference("station", station)),
        List.of(new CategoricalReference("class", predicted), NumericReference.of("score", score)));
  }

  @Test
  void keepsTheExactBinCountsOfAnExactReference() {
    double[] values = normal(5, 5_000, 10);
    ReferenceProfile profile =
        new ReferenceProfile(
            "weather",
            "4",
            BUILT_AT,
            Map.of(),
            List.of(NumericReference.exact("temperature", sketchOf(values), values)),
            List.of());

    byte[] bytes = ReferenceProfileCodec.encode(profile);
    NumericReference decoded =
        (NumericReference) ReferenceProfileCodec.decode(bytes).features().get(0);

    assertThat(decoded.binCounts())
        .containsExactly(((NumericReference) profile.features().get(0)).binCounts());
    assertThat(decoded.binCounts()).hasSize(10);
    assertThat(ReferenceProfileCodec.encode(ReferenceProfileCodec.decode(bytes))).isEqualTo(bytes);
  }

  @Test
  void roundTripsToIdenticalBytes() {
    byte[] bytes = ReferenceProfileCodec.encode(weatherProfile());

    byte[] again = ReferenceProfileCodec.encode(ReferenceProfileCodec.decode(bytes));

    assertThat(again).isEqualTo(bytes);
  }

  @Test
  void decodesEveryFieldItEncoded() {
    ReferenceProfile original = weatherProfile();

    ReferenceProfile decoded = ReferenceProfileCodec.decode(ReferenceProfileCodec.encode(original));

    assertThat(decoded.model()).isEqualTo("weather");
    assertThat(decoded.version()).isEqualTo("3");
    assertThat(decoded.createdAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
    assertThat(decoded.source())
        .containsExactly(Map.entry("file", "train.csv"), Map.entry("rows", "20013"));
    assertThat(decoded.features())
        .extracting(ColumnReference::name)
        .containsExactly("temperature", "humidity_sensor_b", "station");
    assertThat(decoded.outputs())
        .extracting(ColumnReference::kind)
        .containsExactly(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC);

    NumericReference temperature = (NumericReference) decoded.feature("temperature").orElseThrow();
    NumericReference expected = (NumericReference) original.feature("temperature").orElseThrow();
    assertThat(temperature.count()).isEqualTo(20_013);
    assertThat(temperature.missing()).isEqualTo(12);
    assertThat(temperature.invalid()).isEqualTo(1);
    assertThat(temperature.min()).isEqualTo(expected.min());
    assertThat(temperature.binEdges()).containsExactly(expected.binEdges());
    assertThat(temperature.sketch().toByteArray()).isEqualTo(expected.sketch().toByteArray());

    NumericReference never = (NumericReference) decoded.feature("humidity_sensor_b").orElseThrow();
    assertThat(never.min()).isNaN();
    assertThat(never.missingRate()).isEqualTo(1);

    CategoricalReference station = (CategoricalReference) decoded.feature("station").orElseThrow();
    assertThat(station.sketch().frequencies())
        .containsExactly(
            Map.entry("oslo", 9000L), Map.entry("bergen", 7000L), Map.entry("tromsø", 4000L));
    assertThat(station.missing()).isEqualTo(13);
    assertThat(decoded.output("score")).isPresent();
    assertThat(decoded.feature("score")).isEmpty();
  }

  @Test
  void writesRawDataSketchesBytesAndSeparateCounts() {
    ReferenceProfile profile = weatherProfile();

    io.driftwatch.schemas.ReferenceProfile record = ReferenceProfileCodec.toRecord(profile);

    ColumnProfile temperature = record.getFeatures().get(0);
    NumericReference reference = (NumericReference) profile.features().get(0);
    assertThat(temperature.getKind()).isEqualTo(io.driftwatch.schemas.ColumnKind.NUMERIC);
    assertThat(temperature.getCount()).isEqualTo(20_013);
    assertThat(temperature.getInvalid()).isEqualTo(1);
    assertThat(bytes(temperature.getSketch())).isEqualTo(reference.sketch().sketch().toByteArray());
    ColumnProfile never = record.getFeatures().get(1);
    assertThat(never.getMin()).isNull();
    ColumnProfile station = record.getFeatures().get(2);
    assertThat(station.getMin()).isNull();
    assertThat(station.getBinEdges()).isEmpty();
  }

  @Test
  void rejectsBytesThatAreNotAProfile() {
    assertThatThrownBy(() -> ReferenceProfileCodec.decode(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("undecodable reference profile");
  }

  @Test
  void namesTheColumnWithBadSketchBytes() {
    io.driftwatch.schemas.ReferenceProfile record =
        ReferenceProfileCodec.toRecord(weatherProfile());
    record
        .getFeatures()
        .get(2)
        .put("sketch", ByteBuffer.wrap(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9}));
    byte[] bytes = SingleObjectCodec.referenceProfiles().encode(record);

    assertThatThrownBy(() -> ReferenceProfileCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weather 3")
        .hasMessageContaining("feature column 'station'")
        .hasMessageContaining("bad sketch bytes");
  }

  @Test
  void rejectsCountsThatDisagreeWithTheSketch() {
    io.driftwatch.schemas.ReferenceProfile record =
        ReferenceProfileCodec.toRecord(weatherProfile());
    record.getOutputs().get(1).put("count", 5L);

    assertThatThrownBy(() -> ReferenceProfileCodec.fromRecord(record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output column 'score'")
        .hasMessageContaining("count 5 differs");
  }

  @Test
  void rejectsInvalidCountsOnCategoricalColumns() {
    io.driftwatch.schemas.ReferenceProfile record =
        ReferenceProfileCodec.toRecord(weatherProfile());
    record.getFeatures().get(2).put("invalid", 3L);

    assertThatThrownBy(() -> ReferenceProfileCodec.fromRecord(record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature column 'station'")
        .hasMessageContaining("invalid = 3");
  }

  @Test
  void rejectsDuplicateColumnNames() {
    NumericReference age = NumericReference.of("age", sketchOf(1, 2, 3));

    assertThatThrownBy(
            () -> new ReferenceProfile("m", "1", BUILT_AT, Map.of(), List.of(age, age), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'age' twice");
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
