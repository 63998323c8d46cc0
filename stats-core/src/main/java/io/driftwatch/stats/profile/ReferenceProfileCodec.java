package io.driftwatch.stats.profile;

import io.driftwatch.schemas.ColumnProfile;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Converts {@link ReferenceProfile} to and from its Avro wire type {@code
 * io.driftwatch.schemas.ReferenceProfile} (schemas/src/main/avro/ReferenceProfile.avsc) and Avro's
 * single-object encoding.
 *
 * <p>On the wire a column's {@code sketch} holds the raw DataSketches bytes (KLL compact for
 * numeric, ItemsSketch with ArrayOfStringsSerDe for categorical) and {@code count}, {@code
 * missing}, {@code invalid}, {@code bin_edges} and {@code bin_counts} are separate fields (profiles
 * of the first schema, without {@code bin_counts}, decode with empty counts); decoding rebuilds the
 * sketches from those parts and checks that they agree ({@code count = valid + missing + invalid},
 * min/max equal to the sketch's). Encoding is deterministic: {@code encode(decode(bytes))} returns
 * {@code bytes}.
 *
 * <p>Thread-safe and stateless.
 */
public final class ReferenceProfileCodec {

  private static final SingleObjectCodec<io.driftwatch.schemas.ReferenceProfile> CODEC =
      SingleObjectCodec.referenceProfiles();

  private ReferenceProfileCodec() {}

  /** The profile in Avro single-object encoding. */
  public static byte[] encode(ReferenceProfile profile) {
    return CODEC.encode(toRecord(profile));
  }

  /**
   * Reads a profile written by {@link #encode}.
   *
   * @throws IllegalArgumentException naming what is wrong: undecodable Avro, or which column has
   *     bad sketch bytes or inconsistent counts
   */
  public static ReferenceProfile decode(byte[] bytes) {
    io.driftwatch.schemas.ReferenceProfile record;
    try {
      record = CODEC.decode(bytes);
    } catch (UndecodableRecordException e) {
      throw new IllegalArgumentException("undecodable reference profile: " + e.getMessage(), e);
    }
    return fromRecord(record);
  }

  /** The Avro record of a profile. */
  public static io.driftwatch.schemas.ReferenceProfile toRecord(ReferenceProfile profile) {
    Objects.requireNonNull(profile, "profile");
    return io.driftwatch.schemas.ReferenceProfile.newBuilder()
        .setModel(profile.model())
        .setVersion(profile.version())
        .setCreatedAt(profile.createdAt())
        .setSource(new LinkedHashMap<>(profile.source()))
        .setFeatures(toColumns(profile.features()))
        .setOutputs(toColumns(profile.outputs()))
        .build();
  }

  /**
   * The profile of an Avro record.
   *
   * @throws IllegalArgumentException naming the column whose sketch bytes are corrupt or whose
   *     counts, min/max or bin edges disagree with its sketch
   */
  public static ReferenceProfile fromRecord(io.driftwatch.schemas.ReferenceProfile record) {
    Objects.requireNonNull(record, "record");
    String profile = "reference profile of " + record.getModel() + " " + record.getVersion();
    return new ReferenceProfile(
        record.getModel(),
        record.getVersion(),
        record.getCreatedAt(),
        record.getSource(),
        fromColumns(profile, "feature", record.getFeatures()),
        fromColumns(profile, "output", record.getOutputs()));
  }

  private static List<ColumnProfile> toColumns(List<ColumnReference> columns) {
    List<ColumnProfile> records = new ArrayList<>(columns.size());
    for (ColumnReference column : columns) {
      records.add(toColumn(column));
    }
    return records;
  }

  private static ColumnProfile toColumn(ColumnReference column) {
    ColumnProfile.Builder builder =
        ColumnProfile.newBuilder()
            .setName(column.name())
            .setCount(column.count())
            .setMissing(column.missing());
    if (column instanceof NumericReference numeric) {
      return builder
          .setKind(io.driftwatch.schemas.ColumnKind.NUMERIC)
          .setInvalid(numeric.invalid())
          .setMin(Double.isNaN(numeric.min()) ? null : numeric.min())
          .setMax(Double.isNaN(numeric.max()) ? null : numeric.max())
          .setBinEdges(Arrays.stream(numeric.binEdges()).boxed().toList())
          .setBinCounts(Arrays.stream(numeric.binCounts()).boxed().toList())
          .setSketch(ByteBuffer.wrap(numeric.sketch().kllBytes()))
          .build();
    }
    CategoricalReference categorical = (CategoricalReference) column;
    return builder
        .setKind(io.driftwatch.schemas.ColumnKind.CATEGORICAL)
        .setInvalid(0L)
        .setMin(null)
        .setMax(null)
        .setBinEdges(List.of())
        .setBinCounts(List.of())
        .setSketch(ByteBuffer.wrap(categorical.sketch().itemsBytes()))
        .build();
  }

  private static List<ColumnReference> fromColumns(
      String profile, String role, List<ColumnProfile> records) {
    List<ColumnReference> columns = new ArrayList<>(records.size());
    for (ColumnProfile record : records) {
      String where = profile + ", " + role + " column '" + record.getName() + "'";
      try {
        columns.add(fromColumn(record));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return columns;
  }

  private static ColumnReference fromColumn(ColumnProfile record) {
    byte[] sketchBytes = bytes(record.getSketch());
    ColumnReference column =
        switch (record.getKind()) {
          case NUMERIC -> numericColumn(record, sketchBytes);
          case CATEGORICAL -> categoricalColumn(record, sketchBytes);
        };
    if (column.count() != record.getCount()) {
      throw new IllegalArgumentException(
          "count "
              + record.getCount()
              + " differs from the sketch's valid + missing + invalid = "
              + column.count());
    }
    return column;
  }

  private static NumericReference numericColumn(ColumnProfile record, byte[] sketchBytes) {
    NumericSketch sketch;
    try {
      sketch = NumericSketch.fromParts(sketchBytes, record.getMissing(), record.getInvalid());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad sketch bytes: " + e.getMessage(), e);
    }
    double[] edges = record.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray();
    long[] counts = record.getBinCounts().stream().mapToLong(Long::longValue).toArray();
    return new NumericReference(
        record.getName(), sketch, orNaN(record.getMin()), orNaN(record.getMax()), edges, counts);
  }

  private static CategoricalReference categoricalColumn(ColumnProfile record, byte[] sketchBytes) {
    if (record.getInvalid() != 0) {
      throw new IllegalArgumentException(
          "categorical column has invalid = " + record.getInvalid() + ", must be 0");
    }
    if (record.getMin() != null
        || record.getMax() != null
        || !record.getBinEdges().isEmpty()
        || !record.getBinCounts().isEmpty()) {
      throw new IllegalArgumentException("categorical column has min, max, bin edges or counts");
    }
    CategoricalSketch sketch;
    try {
      sketch = CategoricalSketch.fromParts(sketchBytes, record.getMissing());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad sketch bytes: " + e.getMessage(), e);
    }
    return new CategoricalReference(record.getName(), sketch);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }
}
