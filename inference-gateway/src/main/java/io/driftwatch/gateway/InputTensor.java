package io.driftwatch.gateway;

import java.util.Arrays;
import java.util.List;

/**
 * One input of an infer request after structural validation: its values, row-major, number exactly
 * the product of {@code shape}, and each is within the range of {@code datatype}. Numeric and BOOL
 * values (true = 1, false = 0) are in {@code data}, converted to double (integers above 2^53 are
 * rounded to the nearest double); BYTES values are in {@code strings} and {@code data} is empty.
 * The arrays are the parser's own and nothing writes them after parsing: the model input and a
 * shadow's copy of the request read them without copying.
 *
 * @param integers for an integer datatype whose values all fit a long, the exact values (so an
 *     INT64 model gets integers above 2^53 unrounded); otherwise null
 */
record InputTensor(
    String name,
    long[] shape,
    TensorDatatype datatype,
    double[] data,
    List<String> strings,
    long[] integers) {

  InputTensor {
    strings = List.copyOf(strings);
  }

  /** A numeric or BOOL input without exact integers. */
  InputTensor(String name, long[] shape, TensorDatatype datatype, double[] data) {
    this(name, shape, datatype, data, List.of(), null);
  }

  /** An input without exact integers. */
  InputTensor(
      String name, long[] shape, TensorDatatype datatype, double[] data, List<String> strings) {
    this(name, shape, datatype, data, strings, null);
  }

  /** The shape as the protocol writes it, for example {@code [2, 4]}. */
  String shapeText() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InputTensor that
        && name.equals(that.name)
        && Arrays.equals(shape, that.shape)
        && datatype == that.datatype
        && Arrays.equals(data, that.data)
        && strings.equals(that.strings)
        && Arrays.equals(integers, that.integers);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "InputTensor[" + name + " " + datatype + " " + shapeText() + "]";
  }
}
