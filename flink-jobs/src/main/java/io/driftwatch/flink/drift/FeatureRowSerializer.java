package io.driftwatch.flink.drift;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link FeatureRow} field by field: model, version (Flink string encoding), shard, layout
 * id, the layout's names only when the row carries them, then the numeric values as 8-byte doubles
 * behind a missing-mask flag, the categories, class and score. A row of 20 numeric features without
 * names takes about 190 bytes. Stateless; rows are immutable, so copies are the row itself.
 */
public final class FeatureRowSerializer extends TypeSerializer<FeatureRow> {

  private static final long serialVersionUID = 1L;

  static final FeatureRowSerializer INSTANCE = new FeatureRowSerializer();

  private static final int MAX_COLUMNS = 100_000;

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<FeatureRow> duplicate() {
    return this;
  }

  @Override
  public FeatureRow createInstance() {
    return new FeatureRow("", "", 0, 0, null, new double[0], null, new String[0], null, null);
  }

  @Override
  public FeatureRow copy(FeatureRow from) {
    return from;
  }

  @Override
  public FeatureRow copy(FeatureRow from, FeatureRow reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(FeatureRow row, DataOutputView out) throws IOException {
    StringValue.writeString(row.model(), out);
    StringValue.writeString(row.version(), out);
    out.writeInt(row.shard());
    out.writeLong(row.layoutId());
    FeatureLayout layout = row.layout();
    out.writeBoolean(layout != null);
    if (layout != null) {
      writeStrings(layout.numeric(), out);
      writeStrings(layout.categorical(), out);
    }
    double[] values = row.numericValues();
    out.writeInt(values.length);
    boolean[] missing = row.numericMissing();
    out.writeBoolean(missing != null);
    for (int i = 0; i < values.length; i++) {
      if (missing != null) {
        out.writeBoolean(missing[i]);
      }
      out.writeDouble(values[i]);
    }
    writeStrings(row.categoricalValues(), out);
    StringValue.writeString(row.predictedClass(), out);
    Double score = row.score();
    out.writeBoolean(score != null);
    if (score != null) {
      out.writeDouble(score);
    }
  }

  @Override
  public FeatureRow deserialize(DataInputView in) throws IOException {
    String model = StringValue.readString(in);
    String version = StringValue.readString(in);
    int shard = in.readInt();
    long layoutId = in.readLong();
    FeatureLayout layout =
        in.readBoolean() ? new FeatureLayout(layoutId, readStrings(in), readStrings(in)) : null;
    double[] values = new double[readCount(in)];
    boolean[] missing = in.readBoolean() ? new boolean[values.length] : null;
    for (int i = 0; i < values.length; i++) {
      if (missing != null) {
        missing[i] = in.readBoolean();
      }
      values[i] = in.readDouble();
    }
    String[] categories = readStrings(in);
    String predictedClass = StringValue.readString(in);
    Double score = in.readBoolean() ? in.readDouble() : null;
    return new FeatureRow(
        model,
        version,
        shard,
        layoutId,
        layout,
        values,
        missing,
        categories,
        predictedClass,
        score);
  }

  @Override
  public FeatureRow deserialize(FeatureRow reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  private static void writeStrings(String[] strings, DataOutputView out) throws IOException {
    out.writeInt(strings.length);
    for (String s : strings) {
      StringValue.writeString(s, out);
    }
  }

  private static String[] readStrings(DataInputView in) throws IOException {
    String[] strings = new String[readCount(in)];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = StringValue.readString(in);
    }
    return strings;
  }

  private static int readCount(DataInputView in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > MAX_COLUMNS) {
      throw new IOException("corrupt feature row: " + count + " columns");
    }
    return count;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureRowSerializer;
  }

  @Override
  public int hashCode() {
    return FeatureRowSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<FeatureRow> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Stored with every checkpoint; instantiated reflectively by Flink. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeatureRow> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
