package io.driftwatch.gateway;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's answer for every row of a request.
 *
 * @param output the model's output tensor: {@code [rows, classes]} probabilities for a classifier,
 *     {@code [rows]} or {@code [rows, 1]} values for a regressor
 * @param classLabels class label of each output column; empty for a regressor
 * @param computeNanos time ONNX Runtime took, nanoseconds
 */
record Prediction(OutputTensor output, List<String> classLabels, long computeNanos) {

  /** A float output tensor, row-major. */
  record OutputTensor(String name, long[] shape, float[] data) {

    int rows() {
      return (int) shape[0];
    }

    int columns() {
      return shape.length == 1 ? 1 : (int) (data.length / shape[0]);
    }

    float get(int row, int column) {
      return data[row * columns() + column];
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof OutputTensor that
          && name.equals(that.name)
          && Arrays.equals(shape, that.shape)
          && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
      return 31 * name.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "OutputTensor[" + name + " " + Arrays.toString(shape) + "]";
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
    float[] data = Arrays.copyOfRange(output.data(), from * columns, (from + count) * columns);
    return new Prediction(new OutputTensor(output.name(), shape, data), classLabels, computeNanos);
  }

  boolean isClassification() {
    return !classLabels.isEmpty();
  }

  int rows() {
    return output.rows();
  }

  /** The label of the most probable class of a row (first on ties). */
  String predictedClass(int row) {
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
    return java.util.stream.IntStream.range(0, rows()).mapToObj(this::predictedClass).toList();
  }

  /** The probability of the predicted class for a classifier, the value for a regressor. */
  double score(int row) {
    if (!isClassification()) {
      return output.get(row, 0);
    }
    return output.get(row, classLabels.indexOf(predictedClass(row)));
  }

  /** Class probabilities of a row by label, in output order; empty for a regressor. */
  Map<String, Double> probabilities(int row) {
    Map<String, Double> byLabel = new LinkedHashMap<>();
    for (int c = 0; c < classLabels.size(); c++) {
      byLabel.put(classLabels.get(c), (double) output.get(row, c));
    }
    return byLabel;
  }
}
