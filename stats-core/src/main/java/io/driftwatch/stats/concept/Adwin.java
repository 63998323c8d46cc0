package io.driftwatch.stats.concept;

import java.io.Serializable;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * ADWIN2, the adaptive sliding window of Bifet &amp; Gavaldà, "Learning from Time-Changing Data
 * with Adaptive Windowing" (SDM 2007), with the variance-based cut test that MOA and River use.
 *
 * <p>The window W of recent values is kept as an exponential histogram: row i holds up to {@code
 * maxBuckets} buckets of 2<sup>i</sup> values each (their sum and their sum of squared deviations);
 * when a row holds {@code maxBuckets + 1} buckets its two oldest merge into one bucket of row i +
 * 1. Memory is O(maxBuckets · log W): about 32 bytes per bucket, under 4 KiB at the defaults for a
 * window of 10<sup>9</sup> values. Every {@code clock} updates the detector tries each bucket
 * boundary as a split of W into an older part W<sub>0</sub> (n<sub>0</sub> values, mean
 * µ<sub>0</sub>) and a newer part W<sub>1</sub>, and cuts when
 *
 * <pre>
 *   |µ0 − µ1| &gt; ε_cut = sqrt(2 · m · σ²_W · δ') + (2/3) · m · δ'
 *   m  = 1 / (n0 − minWindow + 1) + 1 / (n1 − minWindow + 1)
 *   δ' = ln(2 · ln(|W|) / delta)
 * </pre>
 *
 * with σ²<sub>W</sub> the (population) variance of the whole window. This is the paper's Theorem
 * 3.1 bound with the harmonic mean of n<sub>0</sub>, n<sub>1</sub> and δ/ln|W| for δ' (ADWIN2 tests
 * O(log |W|) splits, not |W|); the {@code − minWindow + 1} shrinkage of both lengths is MOA's. Only
 * splits where both parts hold more than {@code minWindow + 1} values are tried. On a cut the
 * oldest bucket is dropped and the test repeats until no split qualifies.
 *
 * <p>{@link #update(double)} returns {@link DetectorState#DRIFT} when at least one bucket was
 * dropped; the change may be an increase or a decrease of the mean (compare {@link #errorRate()}
 * before and after). The drop is the reset: the window then holds only values after the estimated
 * change, so {@link #observations()} is the new, shorter window length and {@link #errorRate()} its
 * mean. ADWIN has no warning zone. By the paper's Theorem 3.1, while the mean is constant a single
 * test cuts with probability at most delta; that bound is per test, not per stream, and
 * conservative (the benchmark module measures false alarms per 10<sup>6</sup> values).
 *
 * <p>Accepts any value in [0, 1]: 0/1 errors or a bounded loss. Mutable and not thread-safe.
 */
public final class Adwin implements DriftDetector {

  static final byte TYPE = 1;

  /** Version of the binary form written by {@link #toByteArray()}. */
  public static final byte FORMAT = 1;

  /**
   * ADWIN parameters; the defaults are those of MOA's {@code ADWIN} and River's {@code
   * drift.ADWIN}.
   *
   * @param delta confidence of the cut test, in (0, 1); default 0.002. Smaller means fewer false
   *     alarms and later detections
   * @param maxBuckets buckets kept per row of the exponential histogram (the M of ADWIN2), at least
   *     1; default 5. Larger means finer cut points and more memory
   * @param minWindow minimum length of each sub-window in the cut test (MOA's {@code
   *     mintMinWinLength}, River's {@code min_window_length}), at least 1; default 5. Splits where
   *     either part holds {@code minWindow + 1} values or fewer are not tried, so no cut happens
   *     before the window holds 2 · (minWindow + 2) values. (MOA additionally requires a window of
   *     more than 10 values, implied here for minWindow &ge; 4.)
   * @param clock the cut test runs every {@code clock} updates, at least 1; default 32 (MOA,
   *     River). A detection is delayed by up to {@code clock − 1} updates in exchange for a 32×
   *     cheaper update
   */
  public record Config(double delta, int maxBuckets, int minWindow, int clock)
      implements DetectorConfig, Serializable {

    public Config {
      if (!(delta > 0 && delta < 1)) {
        throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
      }
      if (maxBuckets < 1 || maxBuckets > 1000) {
        throw new IllegalArgumentException("maxBuckets must be in [1, 1000], was " + maxBuckets);
      }
      if (minWindow < 1) {
        throw new IllegalArgumentException("minWindow must be at least 1, was " + minWindow);
      }
      if (clock < 1) {
        throw new IllegalArgumentException("clock must be at least 1, was " + clock);
      }
    }

    /** delta 0.002, maxBuckets 5, minWindow 5, clock 32 (MOA and River defaults). */
    public static Config defaults() {
      return new Config(0.002, 5, 5, 32);
    }

    @Override
    public String detectorName() {
      return NAME;
    }

    @Override
    public Adwin newDetector() {
      return new Adwin(this);
    }
  }

  static final String NAME = "adwin";

  /** One row of the exponential histogram; index 0 is its oldest bucket. */
  private static final class Row {
    final double[] totals;
    final double[] variances;
    int size;

    Row(int maxBuckets) {
      totals = new double[maxBuckets + 1];
      variances = new double[maxBuckets + 1];
    }

    void append(double total, double variance) {
      totals[size] = total;
      variances[size] = variance;
      size++;
    }

    void removeOldest(int count) {
      System.arraycopy(totals, count, totals, 0, size - count);
      System.arraycopy(variances, count, variances, 0, size - count);
      size -= count;
    }

    Row copy() {
      Row row = new Row(totals.length - 1);
      System.arraycopy(totals, 0, row.totals, 0, size);
      System.arraycopy(variances, 0, row.variances, 0, size);
      row.size = size;
      return row;
    }
  }

  private final Config config;

  /** Row i holds buckets of 2^i values; row 0 is the newest. */
  private final List<Row> rows;

  /** Updates since construction; drives the clock. */
  private long time;

  private long width;
  private double total;

  /** Sum of squared deviations from the window mean (|W| · σ²_W). */
  private double variance;

  /** A detector with an empty window. */
  public Adwin(Config config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
    this.rows = new ArrayList<>();
    rows.add(new Row(config.maxBuckets()));
  }

  /** A detector with {@link Config#defaults()}. */
  public Adwin() {
    this(Config.defaults());
  }

  private Adwin(Adwin other) {
    this.config = other.config;
    this.rows = new ArrayList<>(other.rows.size());
    for (Row row : other.rows) {
      rows.add(row.copy());
    }
    this.time = other.time;
    this.width = other.width;
    this.total = other.total;
    this.variance = other.variance;
  }

  /**
   * Feeds one value and, on every {@code clock}-th update, runs the cut test.
   *
   * @param error a value in [0, 1]: 1 = wrong, 0 = right, or a bounded loss
   * @return {@link DetectorState#DRIFT} when the window was cut, otherwise {@link
   *     DetectorState#STABLE}
   */
  @Override
  public DetectorState update(double error) {
    if (!(error >= 0 && error <= 1)) {
      throw new IllegalArgumentException("error must be in [0, 1], was " + error);
    }
    time++;
    insert(error);
    boolean cut = false;
    if (time % config.clock() == 0) {
      while (cutOnce()) {
        cut = true;
      }
    }
    return cut ? DetectorState.DRIFT : DetectorState.STABLE;
  }

  private void insert(double value) {
    width++;
    if (width > 1) {
      double previousMean = total / (width - 1);
      variance += (width - 1) * (value - previousMean) * (value - previousMean) / width;
    }
    total += value;
    rows.get(0).append(value, 0);
    compress();
  }

  private void compress() {
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (row.size <= config.maxBuckets()) {
        return;
      }
      if (i + 1 == rows.size()) {
        rows.add(new Row(config.maxBuckets()));
      }
      double n = bucketSize(i);
      double difference = row.totals[0] / n - row.totals[1] / n;
      double between = n * n * difference * difference / (n + n);
      rows.get(i + 1)
          .append(row.totals[0] + row.totals[1], row.variances[0] + row.variances[1] + between);
      row.removeOldest(2);
    }
  }

  /** Tries every split from the oldest end; on the first that passes, drops the oldest bucket. */
  private boolean cutOnce() {
    long n0 = 0;
    long n1 = width;
    double sum0 = 0;
    double sum1 = total;
    for (int i = rows.size() - 1; i >= 0; i--) {
      Row row = rows.get(i);
      long size = bucketSize(i);
      for (int k = 0; k < row.size; k++) {
        n0 += size;
        n1 -= size;
        sum0 += row.totals[k];
        sum1 -= row.totals[k];
        if (n1 == 0) {
          return false;
        }
        long minimum = config.minWindow() + 1L;
        if (n0 > minimum && n1 > minimum && cuts(n0, n1, sum0 / n0 - sum1 / n1)) {
          dropOldestBucket();
          return true;
        }
      }
    }
    return false;
  }

  private boolean cuts(long n0, long n1, double meanDifference) {
    double deltaPrime = Math.log(2 * Math.log(width) / config.delta());
    double m = 1.0 / (n0 - config.minWindow() + 1) + 1.0 / (n1 - config.minWindow() + 1);
    double windowVariance = variance / width;
    double epsilon = Math.sqrt(2 * m * windowVariance * deltaPrime) + 2.0 / 3.0 * deltaPrime * m;
    return Math.abs(meanDifference) > epsilon;
  }

  private void dropOldestBucket() {
    int last = rows.size() - 1;
    Row row = rows.get(last);
    long n1 = bucketSize(last);
    double bucketTotal = row.totals[0];
    width -= n1;
    total -= bucketTotal;
    if (width == 0) {
      total = 0;
      variance = 0;
    } else {
      double difference = bucketTotal / n1 - total / width;
      variance -= row.variances[0] + n1 * width * difference * difference / (n1 + width);
      variance = Math.max(0, variance);
    }
    row.removeOldest(1);
    if (row.size == 0 && last > 0) {
      rows.remove(last);
    }
  }

  private static long bucketSize(int row) {
    return 1L << row;
  }

  /** Length of the adaptive window: the values since the last cut, at most all values fed. */
  @Override
  public long observations() {
    return width;
  }

  /** Mean of the window, NaN when it is empty. */
  @Override
  public double errorRate() {
    return width == 0 ? Double.NaN : total / width;
  }

  /** Population variance σ²<sub>W</sub> of the window, NaN when it is empty. */
  public double windowVariance() {
    return width == 0 ? Double.NaN : variance / width;
  }

  /** Buckets currently held, at most maxBuckets · (1 + log2 |W|). */
  public int buckets() {
    int buckets = 0;
    for (Row row : rows) {
      buckets += row.size;
    }
    return buckets;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Config config() {
    return config;
  }

  /**
   * Binary form: type byte 1, format byte ({@value #FORMAT}), the config (delta as a double,
   * maxBuckets, minWindow, clock as ints), time and width as longs, total and sum of squared
   * deviations as doubles, the row count as an int and, per row from the newest, its bucket count
   * and each bucket's total and variance as doubles; big-endian. Size: 58 + 4 per row + 16 per
   * bucket bytes.
   */
  @Override
  public byte[] toByteArray() {
    int bytes = 2 + 8 + 4 * 3 + 8 * 4 + 4;
    for (Row row : rows) {
      bytes += 4 + 16 * row.size;
    }
    ByteBuffer buffer = ByteBuffer.allocate(bytes);
    buffer.put(TYPE).put(FORMAT);
    buffer
        .putDouble(config.delta())
        .putInt(config.maxBuckets())
        .putInt(config.minWindow())
        .putInt(config.clock());
    buffer.putLong(time).putLong(width).putDouble(total).putDouble(variance);
    buffer.putInt(rows.size());
    for (Row row : rows) {
      buffer.putInt(row.size);
      for (int k = 0; k < row.size; k++) {
        buffer.putDouble(row.totals[k]).putDouble(row.variances[k]);
      }
    }
    return buffer.array();
  }

  /**
   * Reads a detector written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException for another detector's bytes, an unknown format byte, or
   *     truncated or inconsistent bytes
   */
  public static Adwin fromByteArray(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes must not be null");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      DriftDetectors.checkHeader(buffer, TYPE, FORMAT, NAME);
      Config config =
          new Config(buffer.getDouble(), buffer.getInt(), buffer.getInt(), buffer.getInt());
      Adwin adwin = new Adwin(config);
      adwin.time = buffer.getLong();
      adwin.width = buffer.getLong();
      adwin.total = buffer.getDouble();
      adwin.variance = buffer.getDouble();
      int rowCount = buffer.getInt();
      if (rowCount < 1 || rowCount > 63) {
        throw new IllegalArgumentException("corrupt adwin state: " + rowCount + " rows");
      }
      adwin.rows.clear();
      long counted = 0;
      for (int i = 0; i < rowCount; i++) {
        Row row = new Row(config.maxBuckets());
        int size = buffer.getInt();
        if (size < 0 || size > config.maxBuckets()) {
          throw new IllegalArgumentException("corrupt adwin state: row " + i + " has " + size);
        }
        for (int k = 0; k < size; k++) {
          row.append(buffer.getDouble(), buffer.getDouble());
        }
        counted += size * bucketSize(i);
        adwin.rows.add(row);
      }
      if (counted != adwin.width || adwin.time < adwin.width || buffer.hasRemaining()) {
        throw new IllegalArgumentException(
            "corrupt adwin state: width " + adwin.width + " but buckets hold " + counted);
      }
      return adwin;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated adwin state: " + bytes.length + " bytes", e);
    }
  }

  @Override
  public Adwin copy() {
    return new Adwin(this);
  }

  @Override
  public String toString() {
    return "Adwin[width=" + width + ", mean=" + errorRate() + ", " + config + "]";
  }
}
