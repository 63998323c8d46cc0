package io.driftwatch.gateway;

import java.util.Arrays;

/**
 * One input of an infer request after structural validation: {@code data} holds exactly the product
 * of {@code shape} values, row-major, converted to double.
 */
record InputTensor(String name, long[] shape, TensorDatatype datatype, double[] data) {

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
        && Arrays.equals(data, that.data);
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
