package io.driftwatch.flink.drift;

import io.driftwatch.stats.profile.BinCounts;
import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.NumericSketch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Window state of the drift topology: for one feature shard of one model version and one window, a
 * sketch per input feature and per output column of the answered predictions seen so far (refused
 * requests carry no model output and are left out). Numeric features and the {@value #SCORE} output
 * go into KLL sketches, categorical features and the {@value #CLASS} output into frequency
 * sketches; a column absent from an event counts as missing when the window is evaluated ({@link
 * #rows()} minus the sketch's count).
 *
 * <p>Numeric columns whose reference bin edges were known when the column's first value arrived in
 * this window also get exact {@link BinCounts} on those edges, so PSI and JS are exact; columns
 * that started before their profile arrived keep the sketch only (PSI and JS then come from the
 * sketch).
 *
 * <p>Memory: one KLL sketch at k = 200 stays below about 6 KiB however many values it sees, a
 * frequency sketch at 256 map entries below about 8 KiB, bin counts below 200 bytes at deciles; so
 * a key holds O(columns) KiB per open window. Flink stores it with {@link LiveProfileSerializer},
 * which writes the sketches' own bytes. Mutable and not thread-safe, like all Flink state values.
 */
@TypeInfo(LiveProfileTypeInfoFactory.class)
public final class LiveProfile {

  /** Output column of the predicted class. */
  public static final String CLASS = "class";

  /** Output column of the regression value or the predicted class's probability. */
  public static final String SCORE = "score";

  /**
   * Format of {@link #toByteArray()}; format 1 (without bin counts and closed flag) is read too.
   */
  private static final byte FORMAT = 2;

  private static final byte FORMAT_WITHOUT_BINS = 1;

  private long rows;
  private boolean closed;
  private final Map<String, NumericSketch> numeric;
  private final Map<String, CategoricalSketch> categorical;
  private final Map<String, NumericSketch> numericOutputs;
  private final Map<String, CategoricalSketch> categoricalOutputs;
  private final Map<String, BinCounts> numericBins;
  private final Map<String, BinCounts> outputBins;

  // The columns of the layout resolved last, by position: a cache over the maps above of this
  // object only (a copy, say Flink's copy-on-write of heap state, starts without it).
  private transient FeatureLayout resolvedLayout;
  private transient NumericSketch[] resolvedNumeric;
  private transient BinCounts[] resolvedBins;
  private transient CategoricalSketch[] resolvedCategorical;
  // The output columns are the same for every layout; looked up with it, null until the first row
  // that has them creates them.
  private transient CategoricalSketch resolvedClass;
  private transient NumericSketch resolvedScore;
  private transient BinCounts resolvedScoreBins;

  private LiveProfile(
      long rows,
      boolean closed,
      Map<String, NumericSketch> numeric,
      Map<String, CategoricalSketch> categorical,
      Map<String, NumericSketch> numericOutputs,
      Map<String, CategoricalSketch> categoricalOutputs,
      Map<String, BinCounts> numericBins,
      Map<String, BinCounts> outputBins) {
    this.rows = rows;
    this.closed = closed;
    this.numeric = numeric;
    this.categorical = categorical;
    this.numericOutputs = numericOutputs;
    this.categoricalOutputs = categoricalOutputs;
    this.numericBins = numericBins;
    this.outputBins = outputBins;
  }

  public static LiveProfile empty() {
    return new LiveProfile(
        0,
        false,
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>());
  }

  /**
   * Whether rows of layout {@code layoutId} can be {@linkplain #add added} without their names,
   * that is whether that layout is the one {@linkplain #resolve resolved} last on this object.
   */
  public boolean resolves(long layoutId) {
    return resolvedLayout != null && resolvedLayout.id() == layoutId;
  }

  /**
   * Adds one answered prediction's row of this window's shard.
   *
   * @param row the row, of the layout {@linkplain #resolve resolved} last
   * @param bins reference bin edges; a numeric output column new to this window gets exact bin
   *     counts when its edges are here ({@link ReferenceBins#NONE} when the profile is unknown)
   * @throws IllegalStateException when the row's layout is not the one resolved last
   */
  public void add(FeatureRow row, ReferenceBins bins) {
    if (!resolves(row.layoutId())) {
      throw new IllegalStateException(
          "layout " + row.layoutId() + " not resolved on this live profile");
    }
    rows++;
    double[] values = row.numericValues();
    for (int i = 0; i < values.length; i++) {
      if (row.isMissing(i)) {
        resolvedNumeric[i].update((Double) null);
      } else {
        resolvedNumeric[i].update(values[i]);
        BinCounts counts = resolvedBins[i];
        if (counts != null) {
          counts.add(values[i]);
        }
      }
    }
    String[] categories = row.categoricalValues();
    for (int i = 0; i < categories.length; i++) {
      resolvedCategorical[i].update(categories[i]);
    }
    String predictedClass = row.predictedClass();
    if (predictedClass != null) {
      if (resolvedClass == null) {
        resolvedClass = CategoricalSketch.empty();
        categoricalOutputs.put(CLASS, resolvedClass);
      }
      resolvedClass.update(predictedClass);
    }
    Double score = row.score();
    if (score != null) {
      if (resolvedScore == null) {
        resolvedScore = newColumn(SCORE, numericOutputs, outputBins, bins.outputs());
        resolvedScoreBins = outputBins.get(SCORE);
      }
      resolvedScore.update(score);
      if (resolvedScoreBins != null) {
        resolvedScoreBins.add(score);
      }
    }
  }

  /** {@link #resolve} (when needed) and {@link #add(FeatureRow, ReferenceBins)} in one. */
  public void add(FeatureLayout layout, FeatureRow row, ReferenceBins bins) {
    if (!resolves(layout.id())) {
      resolve(layout, bins);
    }
    add(row, bins);
  }

  /**
   * Looks up (creating where new) the sketches and bin counts of the layout's columns once, so that
   * the rows of one layout, nearly always all rows of a window, update them by position; the output
   * columns are looked up too, and created by the first row that has them.
   *
   * @param bins reference bin edges; a numeric column new to this window gets exact bin counts when
   *     its edges are here ({@link ReferenceBins#NONE} when the profile is unknown)
   */
  public void resolve(FeatureLayout layout, ReferenceBins bins) {
    String[] names = layout.numeric();
    NumericSketch[] sketches = new NumericSketch[names.length];
    BinCounts[] counts = new BinCounts[names.length];
    for (int i = 0; i < names.length; i++) {
      sketches[i] = numeric.get(names[i]);
      if (sketches[i] == null) {
        sketches[i] = newColumn(names[i], numeric, numericBins, bins.features());
      }
      counts[i] = numericBins.get(names[i]);
    }
    String[] categoricalNames = layout.categorical();
    CategoricalSketch[] categories = new CategoricalSketch[categoricalNames.length];
    for (int i = 0; i < categoricalNames.length; i++) {
      categories[i] =
          categorical.computeIfAbsent(categoricalNames[i], n -> CategoricalSketch.empty());
    }
    resolvedNumeric = sketches;
    resolvedBins = counts;
    resolvedCategorical = categories;
    resolvedClass = categoricalOutputs.get(CLASS);
    resolvedScore = numericOutputs.get(SCORE);
    resolvedScoreBins = outputBins.get(SCORE);
    resolvedLayout = layout;
  }

  private static NumericSketch newColumn(
      String name,
      Map<String, NumericSketch> sketches,
      Map<String, BinCounts> counts,
      Map<String, double[]> edges) {
    NumericSketch sketch = NumericSketch.empty();
    sketches.put(name, sketch);
    double[] columnEdges = edges.get(name);
    if (columnEdges != null) {
      counts.put(name, BinCounts.on(columnEdges));
    }
    return sketch;
  }

  /** Answered predictions added. */
  public long rows() {
    return rows;
  }

  /** Whether the window has ended (its timer fired) and waits only for its profile. */
  public boolean closed() {
    return closed;
  }

  /** Marks the window ended, see {@link #closed()}. */
  public void close() {
    closed = true;
  }

  /** The exact bin counts of a numeric input feature, or null when the window has none. */
  public BinCounts numericFeatureBins(String name) {
    return numericBins.get(name);
  }

  /** The exact bin counts of a numeric output column, or null when the window has none. */
  public BinCounts numericOutputBins(String name) {
    return outputBins.get(name);
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
   * The profile in its binary form: a format byte ({@value #FORMAT}), the row count, the closed
   * flag, then each sketch map and the two bin-count maps as a count followed by (name, length,
   * bytes) entries in name order.
   */
  public byte[] toByteArray() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(rows);
      out.writeBoolean(closed);
      writeNumeric(out, numeric);
      writeCategorical(out, categorical);
      writeNumeric(out, numericOutputs);
      writeCategorical(out, categoricalOutputs);
      writeBins(out, numericBins);
      writeBins(out, outputBins);
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
      if (format != FORMAT && format != FORMAT_WITHOUT_BINS) {
        throw new IllegalArgumentException(
            "unknown live profile format "
                + format
                + ", this build reads "
                + FORMAT_WITHOUT_BINS
                + " and "
                + FORMAT);
      }
      long rows = in.readLong();
      boolean closed = format == FORMAT && in.readBoolean();
      var numeric = readNumeric(in);
      var categorical = readCategorical(in);
      var numericOutputs = readNumeric(in);
      var categoricalOutputs = readCategorical(in);
      Map<String, BinCounts> numericBins = format == FORMAT ? readBins(in) : new HashMap<>();
      Map<String, BinCounts> outputBins = format == FORMAT ? readBins(in) : new HashMap<>();
      return new LiveProfile(
          rows,
          closed,
          numeric,
          categorical,
          numericOutputs,
          categoricalOutputs,
          numericBins,
          outputBins);
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
    for (Map.Entry<String, NumericSketch> e : new TreeMap<>(sketches).entrySet()) {
      writeEntry(out, e.getKey(), e.getValue().toByteArray());
    }
  }

  private static void writeCategorical(
      DataOutputStream out, Map<String, CategoricalSketch> sketches) throws IOException {
    out.writeInt(sketches.size());
    for (Map.Entry<String, CategoricalSketch> e : new TreeMap<>(sketches).entrySet()) {
      writeEntry(out, e.getKey(), e.getValue().toByteArray());
    }
  }

  private static void writeBins(DataOutputStream out, Map<String, BinCounts> bins)
      throws IOException {
    out.writeInt(bins.size());
    for (Map.Entry<String, BinCounts> e : new TreeMap<>(bins).entrySet()) {
      writeEntry(out, e.getKey(), e.getValue().toByteArray());
    }
  }

  private static Map<String, BinCounts> readBins(DataInputStream in) throws IOException {
    Map<String, BinCounts> bins = new HashMap<>();
    int size = readSize(in);
    for (int i = 0; i < size; i++) {
      String name = in.readUTF();
      bins.put(name, BinCounts.fromByteArray(readBytes(in)));
    }
    return bins;
  }

  private static void writeEntry(DataOutputStream out, String name, byte[] sketch)
      throws IOException {
    out.writeUTF(name);
    out.writeInt(sketch.length);
    out.write(sketch);
  }

  private static Map<String, NumericSketch> readNumeric(DataInputStream in) throws IOException {
    Map<String, NumericSketch> sketches = new HashMap<>();
    int size = readSize(in);
    for (int i = 0; i < size; i++) {
      String name = in.readUTF();
      sketches.put(name, NumericSketch.fromByteArray(readBytes(in)));
    }
    return sketches;
  }

  private static Map<String, CategoricalSketch> readCategorical(DataInputStream in)
      throws IOException {
    Map<String, CategoricalSketch> sketches = new HashMap<>();
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
        + new TreeMap<>(numeric).keySet()
        + ", categorical="
        + new TreeMap<>(categorical).keySet()
        + "]";
  }
}
