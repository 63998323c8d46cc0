package io.driftwatch.gateway;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's answer for every row of a request.
 *
 * @param output the model's output tensor in its own element type: {@code [rows, classes]} floating
 *     probabilities for a classifier, or its class per row ({@code [rows]} or {@code [rows, 1]} of
 *     {@link TensorElements#LABELS}); {@code [rows]} or {@code [rows, 1]} values for a regressor
 *     (whose score is the first column)
 * @param classLabels class label of each output column; empty for a regressor
 * @param computeNanos time ONNX Runtime took, nanoseconds
 */
record Prediction(OutputTensor output, List<String> classLabels, long computeNanos) {

  /**
   * An output tensor, row-major: {@code data} is the array {@link TensorElements#outputArray} names
   * for {@code datatype}, one of {@link TensorElements#OUTPUTS} or BYTES.
   *
   * @throws IllegalArgumentException when {@code data} is not the array of {@code datatype}
   */
  record OutputTensor(String name, long[] shape, TensorDatatype datatype, Object data) {

    OutputTensor {
      if (!TensorElements.outputArray(datatype).isInstance(data)) {
        throw new IllegalArgumentException(
            datatype
                + " output data must be a "
                + TensorElements.outputArray(datatype).getSimpleName());
      }
    }

    /** An FP32 output. */
    OutputTensor(String name, long[] shape, float[] data) {
      this(name, shape, TensorDatatype.FP32, data);
    }

    int rows() {
      return (int) shape[0];
    }

    /** Number of values. */
    int size() {
      return Array.getLength(data);
    }

    int columns() {
      return shape.length == 1 ? 1 : (int) (size() / shape[0]);
    }

    /**
     * One value as a double (INT64 values beyond 2^53 rounded to the nearest double, BOOL as 1 or
     * 0).
     *
     * @throws IllegalStateException for a BYTES output, whose values are strings
     */
    double get(int row, int column) {
      int at = row * columns() + column;
      // Not java.lang.reflect.Array.getDouble: a native call for every value.
      if (data instanceof float[] values) {
        return values[at];
      }
      if (data instanceof double[] values) {
        return values[at];
      }
      if (data instanceof int[] values) {
        return values[at];
      }
      if (data instanceof long[] values) {
        return values[at];
      }
      if (data instanceof boolean[] values) {
        return values[at] ? 1 : 0;
      }
      throw new IllegalStateException(name + " holds strings, not numbers");
    }

    /** One value as text: a string as the model gave it, an integer in decimal. */
    String text(int row, int column) {
      int at = row * columns() + column;
      if (data instanceof String[] values) {
        return values[at];
      }
      if (data instanceof long[] values) {
        return Long.toString(values[at]);
      }
      if (data instanceof int[] values) {
        return Integer.toString(values[at]);
      }
      throw new IllegalStateException(name + " holds " + datatype + " values, not text");
    }

    /** Values {@code [from, to)}, as an output of the same name and type with {@code shape}. */
    OutputTensor slice(long[] shape, int from, int to) {
      Object part = Array.newInstance(data.getClass().getComponentType(), to - from);
      System.arraycopy(data, from, part, 0, to - from);
      return new OutputTensor(name, shape, datatype, part);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof OutputTensor that
          && name.equals(that.name)
          && Arrays.equals(shape, that.shape)
          && datatype == that.datatype
          && Arrays.deepEquals(new Object[] {data}, new Object[] {that.data});
    }

    @Override
    public int hashCode() {
      return 31 * name.hashCode() + Arrays.deepHashCode(new Object[] {data});
    }

    @Override
    public String toString() {
      return "OutputTensor[" + name + " " + datatype + " " + Arrays.toString(shape) + "]";
    }
  }

  Prediction {
    classLabels = List.copyOf(classLabels);
  }

  /**
   * Rows {@code [from, from + count)} of this prediction, as the answer of one request of a batch;
   * the compute time stays the whole batch's.
   */
  Prediction rows(int from, int count) {
    int columns = output.columns();
    long[] shape = output.shape().clone();
    shape[0] = count;
    return new Prediction(
        output.slice(shape, from * columns, (from + count) * columns), classLabels, computeNanos);
  }

  boolean isClassification() {
    return !classLabels.isEmpty();
  }

  /**
   * Whether the output holds a classifier's class per row rather than its probabilities: a
   * classifier's output of {@link TensorElements#LABELS}.
   */
  boolean holdsLabels() {
    return isClassification() && TensorElements.LABELS.contains(output.datatype());
  }

  int rows() {
    return output.rows();
  }

  /**
   * The predicted class of a row: the one the output holds for {@link #holdsLabels}, else the label
   * of the most probable class (first on ties).
   */
  String predictedClass(int row) {
    if (holdsLabels()) {
      return output.text(row, 0);
    }
    int best = 0;
    for (int c = 1; c < classLabels.size(); c++) {
      if (output.get(row, c) > output.get(row, best)) {
        best = c;
      }
    }
    return classLabels.get(best);
  }

  /** The predicted labels of all rows, in row order. */
  List<String> predictedClasses() {
    String[] classes = new String[rows()];
    for (int row = 0; row < classes.length; row++) {
      classes[row] = predictedClass(row);
    }
    return List.of(classes);
  }

  /**
   * The probability of the predicted class for a classifier, the value for a regressor; null when
   * the output {@link #holdsLabels}, which comes with no probability.
   */
  Double score(int row) {
    if (!isClassification()) {
      return output.get(row, 0);
    }
    if (holdsLabels()) {
      return null;
    }
    return output.get(row, classLabels.indexOf(predictedClass(row)));
  }

  /**
   * Class probabilities of a row by label, in output order; empty for a regressor and when the
   * output {@link #holdsLabels}.
   */
  Map<String, Double> probabilities(int row) {
    if (holdsLabels()) {
      return Map.of();
    }
    Map<String, Double> byLabel = new LinkedHashMap<>();
    for (int c = 0; c < classLabels.size(); c++) {
      byLabel.put(classLabels.get(c), output.get(row, c));
    }
    return byLabel;
  }
}
