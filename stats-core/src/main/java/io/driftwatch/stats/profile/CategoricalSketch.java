package io.driftwatch.stats.profile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Category counts of one column: a DataSketches frequencies {@code ItemsSketch<String>} with a
 * maximum map size of {@value #MAX_MAP_SIZE}, plus a count of missing rows.
 *
 * <p>Accuracy: exact while the column has at most {@value #EXACT_CATEGORIES} distinct categories
 * (0.75 × {@value #MAX_MAP_SIZE}). Beyond that the sketch purges rare categories and every count is
 * off by at most {@link #maximumError()}, which is at most 3.5 / {@value #MAX_MAP_SIZE} ≈ 1.37% of
 * {@link #valid()}: {@link #frequencies()} gives estimates (count + that error, never below the
 * true count for tracked categories), {@link #lowerBounds()} guaranteed lower bounds. The
 * serialized size is at most 41 + Σ (12 + UTF-8 length) bytes over at most 192 tracked categories
 * (3,497 bytes for 192 six-letter categories).
 *
 * <p>Byte format of {@link #toByteArray()}: one format byte ({@value #FORMAT}), the missing count
 * as a big-endian 8-byte long, then the ItemsSketch in DataSketches' format with {@link
 * ArrayOfStringsSerDe} (UTF-8). Never Java serialization.
 *
 * <p>Mutable and not thread-safe.
 */
public final class CategoricalSketch {

  /** Maximum hash map size of the frequencies sketch (a power of 2). */
  public static final int MAX_MAP_SIZE = 256;

  /** Distinct categories the sketch counts exactly: 0.75 × {@link #MAX_MAP_SIZE}. */
  public static final int EXACT_CATEGORIES = 192;

  /** First byte of {@link #toByteArray()}; changes when the layout changes. */
  public static final byte FORMAT = 1;

  private static final int HEADER_BYTES = 1 + Long.BYTES;
  private static final int LG_MAX_MAP_SIZE = Integer.numberOfTrailingZeros(MAX_MAP_SIZE);
  // Stateless; DataSketches shares one instance the same way.
  private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();
  private static final Comparator<Map.Entry<String, Long>> MOST_FREQUENT_FIRST =
      Map.Entry.<String, Long>comparingByValue()
          .reversed()
          .thenComparing(Map.Entry.comparingByKey());

  private final ItemsSketch<String> sketch;
  private long missing;

  private CategoricalSketch(ItemsSketch<String> sketch, long missing) {
    this.sketch = sketch;
    this.missing = missing;
  }

  /** A sketch with no rows. */
  public static CategoricalSketch empty() {
    return new CategoricalSketch(new ItemsSketch<>(MAX_MAP_SIZE), 0);
  }

  /**
   * A sketch from its parts, as stored in a reference profile's wire record. The ItemsSketch is
   * copied; {@code sketch} stays the caller's.
   *
   * @param sketch the valid values; its maximum map size must be {@value #MAX_MAP_SIZE}
   * @param missing rows where the column was absent, at least 0
   */
  public static CategoricalSketch of(ItemsSketch<String> sketch, long missing) {
    Objects.requireNonNull(sketch, "sketch");
    return fromParts(sketch.toByteArray(SERDE), missing);
  }

  /**
   * Reads a sketch written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException if the bytes are not in that format, the count is negative, or
   *     the ItemsSketch part is corrupt or has a maximum map size other than {@value #MAX_MAP_SIZE}
   */
  public static CategoricalSketch fromByteArray(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          "not a categorical sketch: " + bytes.length + " bytes, need at least " + HEADER_BYTES);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte format = buffer.get();
    if (format != FORMAT) {
      throw new IllegalArgumentException(
          "not a categorical sketch: format byte " + format + ", expected " + FORMAT);
    }
    long missing = buffer.getLong();
    byte[] items = new byte[buffer.remaining()];
    buffer.get(items);
    return fromParts(items, missing);
  }

  /**
   * A sketch from ItemsSketch bytes and the missing count; the codec's way in.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static CategoricalSketch fromParts(byte[] itemsBytes, long missing) {
    if (missing < 0) {
      throw new IllegalArgumentException("missing count must be >= 0, was " + missing);
    }
    // Bytes 3 and 4 of the preamble are log2 of the maximum and current map size. Checked before
    // DataSketches allocates a map of that size from untrusted bytes.
    if (itemsBytes.length < Long.BYTES) {
      throw new IllegalArgumentException(
          "not a frequencies sketch: " + itemsBytes.length + " bytes, need at least 8");
    }
    int lgMaxMapSize = itemsBytes[3];
    int lgCurMapSize = itemsBytes[4];
    if (lgMaxMapSize != LG_MAX_MAP_SIZE) {
      throw new IllegalArgumentException(
          "frequencies sketch has max map size 2^" + lgMaxMapSize + ", expected " + MAX_MAP_SIZE);
    }
    if (lgCurMapSize < 0 || lgCurMapSize > LG_MAX_MAP_SIZE) {
      throw new IllegalArgumentException(
          "corrupt frequencies sketch: current map size 2^" + lgCurMapSize);
    }
    ItemsSketch<String> sketch;
    try {
      sketch = ItemsSketch.getInstance(Memory.wrap(itemsBytes), SERDE);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a frequencies sketch: " + e.getMessage(), e);
    }
    return new CategoricalSketch(sketch, missing);
  }

  /**
   * Adds one row.
   *
   * @param category the column's value, or {@code null} when the row did not have it (counted as
   *     missing); the empty string is a category like any other
   */
  public void update(String category) {
    if (category == null) {
      missing++;
    } else {
      sketch.update(category);
    }
  }

  /**
   * Counts {@code n} rows where the column was absent.
   *
   * @param n at least 0
   */
  public void addMissing(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    missing = Math.addExact(missing, n);
  }

  /** Adds every row of {@code other} to this sketch; {@code other} is unchanged. */
  public void merge(CategoricalSketch other) {
    Objects.requireNonNull(other, "other");
    sketch.merge(other.sketch);
    missing = Math.addExact(missing, other.missing);
  }

  /** All rows: {@link #valid()} + {@link #missing()}. */
  public long count() {
    return sketch.getStreamLength() + missing;
  }

  /** Rows with a category. */
  public long valid() {
    return sketch.getStreamLength();
  }

  /** Rows where the column was absent or null. */
  public long missing() {
    return missing;
  }

  /** Whether every count is exact: at most {@value #EXACT_CATEGORIES} distinct categories seen. */
  public boolean isExact() {
    return sketch.getMaximumError() == 0;
  }

  /** Upper bound on how far any count is off; 0 while {@link #isExact()}. */
  public long maximumError() {
    return sketch.getMaximumError();
  }

  /** Estimated count of one category; 0 when the sketch does not track it. */
  public long estimate(String category) {
    Objects.requireNonNull(category, "category");
    return sketch.getEstimate(category);
  }

  /**
   * Estimated count per tracked category, most frequent first (ties by category name). Exact while
   * {@link #isExact()}; otherwise each estimate is at most {@link #maximumError()} above the true
   * count, so the values may sum to more than {@link #valid()}.
   *
   * @return a new {@link LinkedHashMap}
   */
  public Map<String, Long> frequencies() {
    return counts(false);
  }

  /**
   * Guaranteed lower bound of the count per tracked category, most frequent first. Equal to {@link
   * #frequencies()} while {@link #isExact()}; the values never sum to more than {@link #valid()}.
   *
   * @return a new {@link LinkedHashMap}
   */
  public Map<String, Long> lowerBounds() {
    return counts(true);
  }

  private Map<String, Long> counts(boolean lowerBounds) {
    List<Map.Entry<String, Long>> rows = new ArrayList<>();
    for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
      long count = lowerBounds ? row.getLowerBound() : row.getEstimate();
      if (count > 0) {
        rows.add(Map.entry(row.getItem(), count));
      }
    }
    rows.sort(MOST_FREQUENT_FIRST);
    Map<String, Long> counts = new LinkedHashMap<>();
    rows.forEach(row -> counts.put(row.getKey(), row.getValue()));
    return counts;
  }

  /**
   * This sketch in the format described in the class comment, readable by {@link #fromByteArray}.
   */
  public byte[] toByteArray() {
    byte[] items = sketch.toByteArray(SERDE);
    return ByteBuffer.allocate(HEADER_BYTES + items.length)
        .put(FORMAT)
        .putLong(missing)
        .put(items)
        .array();
  }

  /** The ItemsSketch part alone (what a reference profile stores). */
  byte[] itemsBytes() {
    return sketch.toByteArray(SERDE);
  }

  /** An independent copy with the same contents. */
  public CategoricalSketch copy() {
    return fromParts(sketch.toByteArray(SERDE), missing);
  }

  @Override
  public String toString() {
    return "CategoricalSketch[valid="
        + valid()
        + ", missing="
        + missing
        + ", tracked="
        + sketch.getNumActiveItems()
        + ", maximumError="
        + maximumError()
        + "]";
  }
}
