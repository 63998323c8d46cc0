package io.driftwatch.gateway;

import io.driftwatch.schemas.repository.ModelDescriptor;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one request as the model's float input {@code [rows, columns]}, row-major; column
 * {@code i} is the descriptor's feature {@code i}.
 */
final class FeatureMatrix {

  private final int rows;
  private final int columns;
  private final float[] values;

  private FeatureMatrix(int rows, int columns, float[] values) {
    this.rows = rows;
    this.columns = columns;
    this.values = values;
  }

  /**
   * Assembles the model input from either the single tensor named {@link
   * ModelDescriptor#inputName()} with shape {@code [N, features]}, or one input per feature name
   * with shape {@code [N]} or {@code [N, 1]}.
   *
   * @throws GatewayException 400 naming the unknown or missing input, or the wrong shape
   */
  static FeatureMatrix from(InferRequest request, ModelDescriptor descriptor) {
    List<InputTensor> inputs = request.inputs();
    boolean wholeTensor = inputs.stream().anyMatch(i -> i.name().equals(descriptor.inputName()));
    FeatureMatrix matrix =
        wholeTensor ? fromTensor(inputs, descriptor) : fromFeatures(inputs, descriptor);
    if (matrix.rows == 0) {
      throw GatewayException.badRequest("the request holds no rows (batch size 0)");
    }
    return matrix;
  }

  private static FeatureMatrix fromTensor(List<InputTensor> inputs, ModelDescriptor descriptor) {
    if (inputs.size() != 1) {
      throw GatewayException.badRequest(
          "input '"
              + descriptor.inputName()
              + "' carries all features; send it alone, not together with other inputs");
    }
    InputTensor input = inputs.get(0);
    int features = descriptor.features().size();
    long[] shape = input.shape();
    if (shape.length != 2 || shape[1] != features || shape[0] > Integer.MAX_VALUE) {
      throw GatewayException.badRequest(
          "input '"
              + input.name()
              + "' has shape "
              + input.shapeText()
              + ", expected [N, "
              + features
              + "] with columns "
              + descriptor.featureNames());
    }
    return new FeatureMatrix((int) shape[0], features, toFloats(input.data()));
  }

  private static FeatureMatrix fromFeatures(List<InputTensor> inputs, ModelDescriptor descriptor) {
    List<String> names = descriptor.featureNames();
    Map<String, InputTensor> byName = new HashMap<>();
    for (InputTensor input : inputs) {
      if (!names.contains(input.name())) {
        throw GatewayException.badRequest(
            "unknown input '"
                + input.name()
                + "': send '"
                + descriptor.inputName()
                + "' with shape [N, "
                + names.size()
                + "] or one input per feature of "
                + names);
      }
      byName.put(input.name(), input);
    }
    long rows = -1;
    for (String name : names) {
      InputTensor input = byName.get(name);
      if (input == null) {
        throw GatewayException.badRequest("missing input for feature '" + name + "'");
      }
      long inputRows = featureRows(input);
      if (rows >= 0 && inputRows != rows) {
        throw GatewayException.badRequest(
            "input '" + name + "' has " + inputRows + " rows but the other features have " + rows);
      }
      rows = inputRows;
    }
    int rowCount = (int) rows;
    float[] values = new float[rowCount * names.size()];
    for (int column = 0; column < names.size(); column++) {
      double[] data = byName.get(names.get(column)).data();
      for (int row = 0; row < rowCount; row++) {
        values[row * names.size() + column] = (float) data[row];
      }
    }
    return new FeatureMatrix(rowCount, names.size(), values);
  }

  private static long featureRows(InputTensor input) {
    long[] shape = input.shape();
    boolean column = shape.length == 1 || (shape.length == 2 && shape[1] == 1);
    if (!column || shape[0] > Integer.MAX_VALUE) {
      throw GatewayException.badRequest(
          "input '"
              + input.name()
              + "' has shape "
              + input.shapeText()
              + ", expected [N] or [N, 1]");
    }
    return shape[0];
  }

  /**
   * The rows of several matrices of the same width, in order, as one matrix: the input of one
   * batched model call.
   */
  static FeatureMatrix concat(List<FeatureMatrix> parts) {
    int columns = parts.get(0).columns;
    int rows = 0;
    for (FeatureMatrix part : parts) {
      if (part.columns != columns) {
        throw new IllegalArgumentException(
            "cannot batch " + part.columns + " columns with " + columns + " columns");
      }
      rows += part.rows;
    }
    float[] values = new float[rows * columns];
    int at = 0;
    for (FeatureMatrix part : parts) {
      System.arraycopy(part.values, 0, values, at, part.values.length);
      at += part.values.length;
    }
    return new FeatureMatrix(rows, columns, values);
  }

  private static float[] toFloats(double[] data) {
    float[] floats = new float[data.length];
    for (int i = 0; i < data.length; i++) {
      floats[i] = (float) data[i];
    }
    return floats;
  }

  int rows() {
    return rows;
  }

  int columns() {
    return columns;
  }

  /** The value of one cell. */
  float get(int row, int column) {
    return values[row * columns + column];
  }

  /** All values, row-major, as a read-only view for building the input tensor. */
  FloatBuffer asBuffer() {
    return FloatBuffer.wrap(values).asReadOnlyBuffer();
  }

  /** The tensor shape {@code [rows, columns]}. */
  long[] shape() {
    return new long[] {rows, columns};
  }
}
