package io.driftwatch.stats.evaluation;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator;

/**
 * Classification quality of one model over one window: a confusion matrix over class labels (the
 * label set grows as labels are seen) and, for binary models, the scores of positive and negative
 * examples for the AUC.
 *
 * <p>Macro averages follow scikit-learn's {@code average="macro"}: the unweighted mean of the
 * per-class values over every class that occurred or was predicted in the window (a class enters
 * with its first {@link #add} as either label; a class with neither support nor predictions, which
 * only a caller's own label list could name, is excluded). A 0/0 precision or recall counts as 0.
 * {@link #macroF1()} is the mean of the per-class F1 scores, not the F1 of the macro precision and
 * recall.
 *
 * <p>{@link #auc()} is the Mann–Whitney statistic P(score<sub>+</sub> &gt; score<sub>−</sub>) + ½
 * P(score<sub>+</sub> = score<sub>−</sub>) computed from two KLL sketches (k = {@value #AUC_K}) of
 * the positive and negative scores: each positive score's weight times the negatives' mid-rank at
 * that score. It is exact while each sketch holds at most {@value #AUC_K} scores (no compaction
 * yet); beyond that its error is at most the sum of the two sketches' normalized rank errors,
 * {@link #AUC_ERROR} ≈ 0.027 (99% confidence); in practice the rank errors mostly cancel
 * (3·10<sup>−5</sup> on 100,000 Gaussian scores in the tests).
 *
 * <p>Memory: one entry per distinct (predicted, actual) pair plus the labels, and at most about 4
 * KiB per score sketch. Binary form: see {@link #toByteArray()}. Mutable and not thread-safe.
 */
public final class ClassificationMetrics {

  /** Version of the binary form written by {@link #toByteArray()}. */
  public static final byte FORMAT = 1;

  /** KLL accuracy parameter of the two score sketches; 200 is the DataSketches default. */
  public static final int AUC_K = 200;

  /** Upper bound on |auc() − exact AUC| once the sketches compact: twice the KLL rank error. */
  public static final double AUC_ERROR = 2 * KllSketch.getNormalizedRankError(AUC_K, false);

  private final List<String> labels;
  private final Map<String, Integer> labelIndex;

  /** Confusion matrix cells keyed by predicted index << 32 | actual index. */
  private final Map<Long, Long> cells;

  private long count;
  private final KllDoublesSketch positiveScores;
  private final KllDoublesSketch negativeScores;

  private ClassificationMetrics(KllDoublesSketch positiveScores, KllDoublesSketch negativeScores) {
    this.labels = new ArrayList<>();
    this.labelIndex = new HashMap<>();
    this.cells = new HashMap<>();
    this.positiveScores = positiveScores;
    this.negativeScores = negativeScores;
  }

  /** Metrics of no predictions. */
  public static ClassificationMetrics empty() {
    return new ClassificationMetrics(
        KllDoublesSketch.newHeapInstance(AUC_K), KllDoublesSketch.newHeapInstance(AUC_K));
  }

  /**
   * Records one labeled prediction in the confusion matrix.
   *
   * @param predicted the class the model predicted, not null
   * @param actual the true class, not null
   */
  public void add(String predicted, String actual) {
    if (predicted == null) {
      throw new IllegalArgumentException("predicted label must not be null");
    }
    if (actual == null) {
      throw new IllegalArgumentException("actual label must not be null");
    }
    addCell(indexOf(predicted), indexOf(actual), 1);
  }

  /**
   * Records one binary example for the AUC. Independent of {@link #add}: a binary model's operator
   * calls both per labeled prediction.
   *
   * @param positiveScore the model's score for the positive class, finite (a probability or any
   *     monotone score)
   * @param positive whether the example actually is positive
   */
  public void addScore(double positiveScore, boolean positive) {
    if (!Double.isFinite(positiveScore)) {
      throw new IllegalArgumentException("positiveScore must be finite, was " + positiveScore);
    }
    (positive ? positiveScores : negativeScores).update(positiveScore);
  }

  /** Adds every prediction and score of {@code other} to this; {@code other} is unchanged. */
  public void merge(ClassificationMetrics other) {
    if (other == this) {
      other = other.copy();
    }
    for (Map.Entry<Long, Long> cell : other.cells.entrySet()) {
      long key = cell.getKey();
      int predicted = indexOf(other.labels.get((int) (key >>> 32)));
      int actual = indexOf(other.labels.get((int) key));
      addCell(predicted, actual, cell.getValue());
    }
    positiveScores.merge(other.positiveScores);
    negativeScores.merge(other.negativeScores);
  }

  private int indexOf(String label) {
    Integer index = labelIndex.get(label);
    if (index == null) {
      index = labels.size();
      labels.add(label);
      labelIndex.put(label, index);
    }
    return index;
  }

  private void addCell(int predicted, int actual, long n) {
    cells.merge(key(predicted, actual), n, Long::sum);
    count += n;
  }

  private static long key(int predicted, int actual) {
    return ((long) predicted << 32) | (actual & 0xFFFFFFFFL);
  }

  /** Labeled predictions recorded with {@link #add}, including merged ones. */
  public long count() {
    return count;
  }

  /** Predictions whose label equals the actual label. */
  public long correct() {
    long correct = 0;
    for (int i = 0; i < labels.size(); i++) {
      correct += cells.getOrDefault(key(i, i), 0L);
    }
    return correct;
  }

  /** How often {@code predicted} was predicted when the truth was {@code actual}. */
  public long count(String predicted, String actual) {
    Integer p = labelIndex.get(predicted);
    Integer a = labelIndex.get(actual);
    return p == null || a == null ? 0 : cells.getOrDefault(key(p, a), 0L);
  }

  /** The labels seen, in order of first appearance. */
  public List<String> labels() {
    return Collections.unmodifiableList(labels);
  }

  /** One-vs-rest counts of every label seen, in order of first appearance. */
  public Map<String, ClassCounts> perClass() {
    int size = labels.size();
    long[] truePositives = new long[size];
    long[] predicted = new long[size];
    long[] actual = new long[size];
    for (Map.Entry<Long, Long> cell : cells.entrySet()) {
      int p = (int) (cell.getKey() >>> 32);
      int a = (int) (long) cell.getKey();
      long n = cell.getValue();
      predicted[p] += n;
      actual[a] += n;
      if (p == a) {
        truePositives[p] += n;
      }
    }
    Map<String, ClassCounts> perClass = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      if (predicted[i] > 0 || actual[i] > 0) {
        perClass.put(
            labels.get(i),
            new ClassCounts(
                truePositives[i], predicted[i] - truePositives[i], actual[i] - truePositives[i]));
      }
    }
    return perClass;
  }

  /** Share of correct predictions in [0, 1]; NaN when empty. */
  public double accuracy() {
    return count == 0 ? Double.NaN : (double) correct() / count;
  }

  /** Unweighted mean of per-class precision, in [0, 1]; NaN when empty. */
  public double macroPrecision() {
    return macro(ClassCounts::precision);
  }

  /** Unweighted mean of per-class recall, in [0, 1]; NaN when empty. */
  public double macroRecall() {
    return macro(ClassCounts::recall);
  }

  /** Unweighted mean of per-class F1, in [0, 1]; NaN when empty. */
  public double macroF1() {
    return macro(ClassCounts::f1);
  }

  private double macro(java.util.function.ToDoubleFunction<ClassCounts> metric) {
    Map<String, ClassCounts> perClass = perClass();
    if (perClass.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (ClassCounts counts : perClass.values()) {
      sum += metric.applyAsDouble(counts);
    }
    return sum / perClass.size();
  }

  /** Scores recorded with {@link #addScore} for positive examples. */
  public long positiveScores() {
    return positiveScores.getN();
  }

  /** Scores recorded with {@link #addScore} for negative examples. */
  public long negativeScores() {
    return negativeScores.getN();
  }

  /**
   * Area under the ROC curve of the scores recorded with {@link #addScore}, in [0, 1] (0.5 =
   * chance), within {@link #AUC_ERROR} of the exact value (see the class javadoc); NaN unless at
   * least one positive and one negative score were recorded (a multi-class model that never calls
   * {@link #addScore} always gets NaN).
   */
  public double auc() {
    if (positiveScores.isEmpty() || negativeScores.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    QuantilesDoublesSketchIterator positives = positiveScores.iterator();
    while (positives.next()) {
      double score = positives.getQuantile();
      double below = negativeScores.getRank(score, QuantileSearchCriteria.EXCLUSIVE);
      double atOrBelow = negativeScores.getRank(score, QuantileSearchCriteria.INCLUSIVE);
      sum += positives.getWeight() * (below + atOrBelow) / 2;
    }
    return sum / positiveScores.getN();
  }

  /**
   * Binary form, big-endian: the format byte ({@value #FORMAT}); the label count as an int and each
   * label as an int byte length and its UTF-8 bytes, in order of first appearance; the cell count
   * as an int and each non-zero cell as predicted index (int), actual index (int) and count (long),
   * sorted; then the positive and the negative score sketch, each as an int byte length and the KLL
   * sketch's own compact bytes.
   */
  public byte[] toByteArray() {
    List<byte[]> encodedLabels = new ArrayList<>(labels.size());
    int size = 1 + 4 + 4;
    for (String label : labels) {
      byte[] utf8 = label.getBytes(StandardCharsets.UTF_8);
      encodedLabels.add(utf8);
      size += 4 + utf8.length;
    }
    size += cells.size() * 16;
    byte[] positives = positiveScores.toByteArray();
    byte[] negatives = negativeScores.toByteArray();
    size += 4 + positives.length + 4 + negatives.length;

    ByteBuffer buffer = ByteBuffer.allocate(size);
    buffer.put(FORMAT).putInt(labels.size());
    for (byte[] utf8 : encodedLabels) {
      buffer.putInt(utf8.length).put(utf8);
    }
    buffer.putInt(cells.size());
    for (Map.Entry<Long, Long> cell : new TreeMap<>(cells).entrySet()) {
      buffer.putLong(cell.getKey()).putLong(cell.getValue());
    }
    buffer.putInt(positives.length).put(positives);
    buffer.putInt(negatives.length).put(negatives);
    return buffer.array();
  }

  /**
   * Reads metrics written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException for an unknown format byte or truncated or corrupt bytes
   */
  public static ClassificationMetrics fromByteArray(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes must not be null");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      byte format = buffer.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "unknown classification metrics format " + format + ", expected " + FORMAT);
      }
      int labelCount = buffer.getInt();
      if (labelCount < 0 || labelCount > buffer.remaining() / 4) {
        throw new IllegalArgumentException(
            "corrupt classification metrics: " + labelCount + " labels");
      }
      List<String> labels = new ArrayList<>(labelCount);
      for (int i = 0; i < labelCount; i++) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
          throw new IllegalArgumentException(
              "corrupt classification metrics: label length " + length);
        }
        byte[] utf8 = new byte[length];
        buffer.get(utf8);
        labels.add(new String(utf8, StandardCharsets.UTF_8));
      }
      int cellCount = buffer.getInt();
      if (cellCount < 0 || cellCount > buffer.remaining() / 16) {
        throw new IllegalArgumentException(
            "corrupt classification metrics: " + cellCount + " cells");
      }
      long[] keys = new long[cellCount];
      long[] counts = new long[cellCount];
      for (int i = 0; i < cellCount; i++) {
        keys[i] = buffer.getLong();
        counts[i] = buffer.getLong();
        int predicted = (int) (keys[i] >>> 32);
        int actual = (int) keys[i];
        if (predicted < 0
            || predicted >= labelCount
            || actual < 0
            || actual >= labelCount
            || counts[i] <= 0) {
          throw new IllegalArgumentException("corrupt classification metrics: cell " + i);
        }
      }
      KllDoublesSketch positives = readSketch(buffer, "positive");
      KllDoublesSketch negatives = readSketch(buffer, "negative");
      if (buffer.hasRemaining()) {
        throw new IllegalArgumentException(
            "corrupt classification metrics: " + buffer.remaining() + " trailing bytes");
      }
      ClassificationMetrics metrics = new ClassificationMetrics(positives, negatives);
      for (String label : labels) {
        if (metrics.labelIndex.containsKey(label)) {
          throw new IllegalArgumentException("corrupt classification metrics: duplicate label");
        }
        metrics.indexOf(label);
      }
      for (int i = 0; i < cellCount; i++) {
        metrics.cells.put(keys[i], counts[i]);
        metrics.count += counts[i];
      }
      return metrics;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "truncated classification metrics: " + bytes.length + " bytes", e);
    }
  }

  private static KllDoublesSketch readSketch(ByteBuffer buffer, String which) {
    int length = buffer.getInt();
    if (length < 0 || length > buffer.remaining()) {
      throw new IllegalArgumentException(
          "corrupt classification metrics: " + which + " score sketch length " + length);
    }
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    KllDoublesSketch sketch;
    try {
      sketch = KllDoublesSketch.heapify(Memory.wrap(bytes));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "corrupt classification metrics: " + which + " score sketch: " + e.getMessage(), e);
    }
    if (sketch.getK() != AUC_K) {
      throw new IllegalArgumentException(
          which + " score sketch has k=" + sketch.getK() + ", expected " + AUC_K);
    }
    return sketch;
  }

  /** An independent copy with the same contents. */
  public ClassificationMetrics copy() {
    return fromByteArray(toByteArray());
  }

  @Override
  public String toString() {
    return "ClassificationMetrics[count=" + count + ", labels=" + labels.size() + "]";
  }
}
