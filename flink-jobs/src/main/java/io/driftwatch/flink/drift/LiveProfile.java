package io.driftwatch.flink.drift;

import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.NumericSketch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Window state of the drift topology: for one model version, a sketch per input feature and per
 * output column of the answered predictions seen so far (refused requests carry no model output and
 * are left out). Numeric features and the {@value #SCORE} output go into KLL sketches, categorical
 * features and the {@value #CLASS} output into frequency sketches; a column absent from an event
 * counts as missing when the window is evaluated ({@link #rows()} minus the sketch's count).
 *
 * <p>Memory: one KLL sketch at k = 200 stays below about 4 KiB however many values it sees, a
 * frequency sketch at 256 map entries below about 8 KiB; so a key holds O(columns) KiB per open
 * window. Flink stores it with {@link LiveProfileSerializer}, which writes the sketches' own bytes.
 * Mutable and not thread-safe, like all Flink state values.
 */
@TypeInfo(LiveProfileTypeInfoFactory.class)
public final class LiveProfile {

  /** Output column of the predicted class. */
  public static final String CLASS = "class";

  /** Output column of the regression value or the predicted class's probability. */
  public static final String SCORE = "score";

  private static final byte FORMAT = 1;

  private long rows;
  private final Map<String, NumericSketch> numeric;
  private final Map<String, CategoricalSketch> categorical;
  private final Map<String, NumericSketch> numericOutputs;
  private final Map<String, CategoricalSketch> categoricalOutputs;

  private LiveProfile(
      long rows,
      Map<String, NumericSketch> numeric,
      Map<String, CategoricalSketch> categorical,
      Map<String, NumericSketch> numericOutputs,
      Map<String, CategoricalSketch> categoricalOutputs) {
    this.rows = rows;
    this.numeric = numeric;
    this.categorical = categorical;
    this.numericOutputs = numericOutputs;
    this.categoricalOutputs = categoricalOutputs;
  }

  public static LiveProfile empty() {
    return new LiveProfile(0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  }

  /** Adds one answered prediction's first row. */
  public void add(FeatureRow row) {
    rows++;
    for (int i = 0; i < row.numericNames().length; i++) {
      numeric
          .computeIfAbsent(row.numericNames()[i], n -> NumericSketch.empty())
          .update(row.numericValues()[i]);
    }
    for (int i = 0; i < row.categoricalNames().length; i++) {
      categorical
          .computeIfAbsent(row.categoricalNames()[i], n -> CategoricalSketch.empty())
          .update(row.categoricalValues()[i]);
    }
    if (row.predictedClass() != null) {
      categoricalOutputs
          .computeIfAbsent(CLASS, n -> CategoricalSketch.empty())
          .update(row.predictedClass());
    }
    if (row.score() != null) {
      numericOutputs.computeIfAbsent(SCORE, n -> NumericSketch.empty()).update(row.score());
    }
  }

  public void merge(LiveProfile other) {
    rows += other.rows;
    other.numeric.forEach((k, v) -> numeric.merge(k, v.copy(), LiveProfile::mergeNumeric));
    other.categorical.forEach(
        (k, v) -> categorical.merge(k, v.copy(), LiveProfile::mergeCategorical));
    other.numericOutputs.forEach(
        (k, v) -> numericOutputs.merge(k, v.copy(), LiveProfile::mergeNumeric));
    other.categoricalOutputs.forEach(
        (k, v) -> categoricalOutputs.merge(k, v.copy(), LiveProfile::mergeCategorical));
  }

  private static NumericSketch mergeNumeric(NumericSketch a, NumericSketch b) {
    a.merge(b);
    return a;
  }

  private static CategoricalSketch mergeCategorical(CategoricalSketch a, CategoricalSketch b) {
    a.merge(b);
    return a;
  }

  /** Answered predictions added. */
  public long rows() {
    return rows;
  }

  /**
   * A copy of the sketch of a numeric input feature with every row that lacked the feature counted
   * as missing; an all-missing sketch when no event had it.
   */
  public NumericSketch numericFeature(String name) {
    return complete(numeric.get(name));
  }

  /** Like {@link #numericFeature} for a categorical input feature. */
  public CategoricalSketch categoricalFeature(String name) {
    return complete(categorical.get(name));
  }

  /** Like {@link #numericFeature} for a numeric output column ({@value #SCORE}). */
  public NumericSketch numericOutput(String name) {
    return complete(numericOutputs.get(name));
  }

  /** Like {@link #numericFeature} for a categorical output column ({@value #CLASS}). */
  public CategoricalSketch categoricalOutput(String name) {
    return complete(categoricalOutputs.get(name));
  }

  private NumericSketch complete(NumericSketch sketch) {
    NumericSketch copy = sketch == null ? NumericSketch.empty() : sketch.copy();
    copy.addMissing(rows - copy.count());
    return copy;
  }

  private CategoricalSketch complete(CategoricalSketch sketch) {
    CategoricalSketch copy = sketch == null ? CategoricalSketch.empty() : sketch.copy();
    copy.addMissing(rows - copy.count());
    return copy;
  }

  /**
   * The profile in its binary form: a format byte ({@value #FORMAT}), the row count, then each
   * sketch map as a count followed by (name, length, sketch bytes) entries.
   */
  public byte[] toByteArray() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(rows);
      writeNumeric(out, numeric);
      writeCategorical(out, categorical);
      writeNumeric(out, numericOutputs);
      writeCategorical(out, categoricalOutputs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a profile written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException on an unknown format byte, truncated input or a bad sketch
   */
  public static LiveProfile fromByteArray(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "unknown live profile format " + format + ", this build reads " + FORMAT);
      }
      long rows = in.readLong();
      return new LiveProfile(
          rows, readNumeric(in), readCategorical(in), readNumeric(in), readCategorical(in));
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated live profile: " + e.getMessage(), e);
    }
  }

  public LiveProfile copy() {
    return fromByteArray(toByteArray());
  }

  private static void writeNumeric(DataOutputStream out, Map<String, NumericSketch> sketches)
      throws IOException {
    out.writeInt(sketches.size());
    for (Map.Entry<String, NumericSketch> e : sketches.entrySet()) {
      writeEntry(out, e.getKey(), e.getValue().toByteArray());
    }
  }

  private static void writeCategorical(
      DataOutputStream out, Map<String, CategoricalSketch> sketches) throws IOException {
    out.writeInt(sketches.size());
    for (Map.Entry<String, CategoricalSketch> e : sketches.entrySet()) {
      writeEntry(out, e.getKey(), e.getValue().toByteArray());
    }
  }

  private static void writeEntry(DataOutputStream out, String name, byte[] sketch)
      throws IOException {
    out.writeUTF(name);
    out.writeInt(sketch.length);
    out.write(sketch);
  }

  private static Map<String, NumericSketch> readNumeric(DataInputStream in) throws IOException {
    Map<String, NumericSketch> sketches = new TreeMap<>();
    int size = readSize(in);
    for (int i = 0; i < size; i++) {
      String name = in.readUTF();
      sketches.put(name, NumericSketch.fromByteArray(readBytes(in)));
    }
    return sketches;
  }

  private static Map<String, CategoricalSketch> readCategorical(DataInputStream in)
      throws IOException {
    Map<String, CategoricalSketch> sketches = new TreeMap<>();
    int size = readSize(in);
    for (int i = 0; i < size; i++) {
      String name = in.readUTF();
      sketches.put(name, CategoricalSketch.fromByteArray(readBytes(in)));
    }
    return sketches;
  }

  private static int readSize(DataInputStream in) throws IOException {
    int size = in.readInt();
    if (size < 0 || size > 100_000) {
      throw new IOException("corrupt column count " + size);
    }
    return size;
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > (16 << 20)) {
      throw new IOException("corrupt sketch length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  @Override
  public String toString() {
    return "LiveProfile[rows="
        + rows
        + ", numeric="
        + numeric.keySet()
        + ", categorical="
        + categorical.keySet()
        + "]";
  }
}
