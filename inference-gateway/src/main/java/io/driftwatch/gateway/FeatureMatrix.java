package io.driftwatch.gateway;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.driftwatch.schemas.repository.ModelDescriptor;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one request as the model's input {@code [rows, columns]}, row-major; column {@code i}
 * is the descriptor's feature {@code i}. Inputs of any numeric or BOOL datatype are checked to fit
 * the model's input element type (see {@link TensorElements#represents}) and become a tensor of
 * that type; a STRING model (BYTES) takes BYTES inputs only, their strings as sent. A matrix of one
 * whole input tensor shares that input's arrays, which nothing writes after parsing (see {@link
 * InputTensor}).
 */
final class FeatureMatrix {

  private final int rows;
  private final int columns;
  private final TensorDatatype datatype;
  // Checked against datatype, so building the tensor never loses or refuses a value.
  private final double[] values;
  // For an INT64 model, the exact values (a request's INT64 above 2^53 included); else null.
  private final long[] integers;
  // For a STRING (BYTES) model, the values, and values is empty; else null.
  private final String[] strings;

  private FeatureMatrix(
      int rows, int columns, TensorDatatype datatype, double[] values, long[] integers) {
    this(rows, columns, datatype, values, integers, null);
  }

  private FeatureMatrix(
      int rows,
      int columns,
      TensorDatatype datatype,
      double[] values,
      long[] integers,
      String[] strings) {
    this.rows = rows;
    this.columns = columns;
    this.datatype = datatype;
    this.values = values;
    this.integers = integers;
    this.strings = strings;
  }

  private static boolean text(TensorDatatype modelInput) {
    return modelInput == TensorDatatype.BYTES;
  }

  private static boolean exact(TensorDatatype modelInput) {
    return modelInput == TensorDatatype.INT64;
  }

  /** The exact integers of a checked input for an INT64 model. */
  private static long[] integersOf(InputTensor input) {
    if (input.integers() != null) {
      return input.integers();
    }
    long[] integers = new long[input.data().length];
    for (int i = 0; i < integers.length; i++) {
      integers[i] = (long) input.data()[i];
    }
    return integers;
  }

  /**
   * Assembles the model input from either the single tensor named {@link
   * ModelDescriptor#inputName()} with shape {@code [N, features]}, or one input per feature name
   * with shape {@code [N]} or {@code [N, 1]}, for a model whose input element type is {@code
   * modelInput}, one of {@link TensorElements#INPUTS}.
   *
   * @throws GatewayException 400 naming the unknown or missing input, the wrong shape, or the
   *     input, its datatype and the model's of a value that {@code modelInput} cannot hold
   */
  static FeatureMatrix from(
      InferRequest request, ModelDescriptor descriptor, TensorDatatype modelInput) {
    List<InputTensor> inputs = request.inputs();
    inputs.forEach(input -> checkConvertible(input, descriptor, modelInput));
    boolean wholeTensor = inputs.stream().anyMatch(i -> i.name().equals(descriptor.inputName()));
    FeatureMatrix matrix =
        wholeTensor
            ? fromTensor(inputs, descriptor, modelInput)
            : fromFeatures(inputs, descriptor, modelInput);
    if (matrix.rows == 0) {
      throw GatewayException.badRequest("the request holds no rows (batch size 0)");
    }
    return matrix;
  }

  /**
   * Refuses an input whose values the model's input type cannot hold: for a numeric or BOOL model,
   * BYTES, values beyond a floating type's range, and values that are not exactly an integer type's
   * or BOOL's (1.5 or 3e10 for INT32, -1 for UINT8, 2 for BOOL), FP32 taking every other value,
   * rounded to the nearest float; for a STRING model, anything but BYTES.
   */
  private static void checkConvertible(
      InputTensor input, ModelDescriptor descriptor, TensorDatatype modelInput) {
    String target =
        "the model's input "
            + InferRequestParser.quoted(descriptor.inputName())
            + " is "
            + modelInput;
    if (text(modelInput) != (input.datatype() == TensorDatatype.BYTES)) {
      throw GatewayException.badRequest(
          "input "
              + InferRequestParser.quoted(input.name())
              + " is "
              + input.datatype()
              + ", but "
              + target
              + (text(modelInput)
                  ? ": send its values as BYTES strings"
                  : ": strings cannot be converted to numbers"));
    }
    if (text(modelInput)) {
      return; // strings are taken as sent
    }
    if (exact(modelInput) && input.integers() != null) {
      return; // every value fits a long, and is exact
    }
    for (double value : input.data()) {
      if (!TensorElements.represents(modelInput, value)) {
        throw GatewayException.badRequest(
            "input "
                + InferRequestParser.quoted(input.name())
                + " is "
                + input.datatype()
                + " with value "
                + value
                + ", but "
                + target
                + ", which holds "
                + TensorElements.range(modelInput));
      }
    }
  }

  private static FeatureMatrix fromTensor(
      List<InputTensor> inputs, ModelDescriptor descriptor, TensorDatatype modelInput) {
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
    if (text(modelInput)) {
      return new FeatureMatrix(
          (int) shape[0],
          features,
          modelInput,
          new double[0],
          null,
          input.strings().toArray(String[]::new));
    }
    return new FeatureMatrix(
        (int) shape[0],
        features,
        modelInput,
        input.data(),
        exact(modelInput) ? integersOf(input) : null);
  }

  private static FeatureMatrix fromFeatures(
      List<InputTensor> inputs, ModelDescriptor descriptor, TensorDatatype modelInput) {
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
    if (text(modelInput)) {
      String[] strings = new String[rowCount * names.size()];
      for (int column = 0; column < names.size(); column++) {
        List<String> input = byName.get(names.get(column)).strings();
        for (int row = 0; row < rowCount; row++) {
          strings[row * names.size() + column] = input.get(row);
        }
      }
      return new FeatureMatrix(rowCount, names.size(), modelInput, new double[0], null, strings);
    }
    double[] values = new double[rowCount * names.size()];
    long[] integers = exact(modelInput) ? new long[values.length] : null;
    for (int column = 0; column < names.size(); column++) {
      InputTensor input = byName.get(names.get(column));
      long[] exact = integers == null ? null : integersOf(input);
      for (int row = 0; row < rowCount; row++) {
        values[row * names.size() + column] = input.data()[row];
        if (exact != null) {
          integers[row * names.size() + column] = exact[row];
        }
      }
    }
    return new FeatureMatrix(rowCount, names.size(), modelInput, values, integers);
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
   * The rows of several matrices of the same width and element type, in order, as one matrix: the
   * input of one batched model call.
   */
  static FeatureMatrix concat(List<FeatureMatrix> parts) {
    int columns = parts.get(0).columns;
    TensorDatatype datatype = parts.get(0).datatype;
    int rows = 0;
    for (FeatureMatrix part : parts) {
      if (part.columns != columns || part.datatype != datatype) {
        throw new IllegalArgumentException(
            "cannot batch "
                + part.columns
                + " columns of "
                + part.datatype
                + " with "
                + columns
                + " columns of "
                + datatype);
      }
      rows += part.rows;
    }
    if (text(datatype)) {
      String[] strings = new String[rows * columns];
      int at = 0;
      for (FeatureMatrix part : parts) {
        System.arraycopy(part.strings, 0, strings, at, part.strings.length);
        at += part.strings.length;
      }
      return new FeatureMatrix(rows, columns, datatype, new double[0], null, strings);
    }
    double[] values = new double[rows * columns];
    long[] integers = exact(datatype) ? new long[values.length] : null;
    int at = 0;
    for (FeatureMatrix part : parts) {
      System.arraycopy(part.values, 0, values, at, part.values.length);
      if (integers != null) {
        System.arraycopy(part.integers, 0, integers, at, part.integers.length);
      }
      at += part.values.length;
    }
    return new FeatureMatrix(rows, columns, datatype, values, integers);
  }

  int rows() {
    return rows;
  }

  int columns() {
    return columns;
  }

  /** The model input element type the values were checked for. */
  TensorDatatype datatype() {
    return datatype;
  }

  /**
   * The value of one cell as the model receives it: FP32, FP16 and BF16 rounded to that type, every
   * other type exact (INT64 beyond 2^53 rounded to the nearest double).
   */
  double get(int row, int column) {
    if (strings != null) {
      throw new IllegalStateException("a STRING input holds text, read it with text()");
    }
    if (datatype == TensorDatatype.INT64) {
      return integers[row * columns + column];
    }
    return TensorElements.asReceived(datatype, values[row * columns + column]);
  }

  /** The value of one cell of a STRING (BYTES) input, as the request sent it. */
  String text(int row, int column) {
    if (strings == null) {
      throw new IllegalStateException(
          "a " + datatype + " input holds numbers, read them with get()");
    }
    return strings[row * columns + column];
  }

  /** The model's input tensor of {@link #datatype()}; the caller closes it. */
  OnnxTensor toTensor(OrtEnvironment environment) throws OrtException {
    if (strings != null) {
      return OnnxTensor.createTensor(environment, strings, shape());
    }
    return integers != null
        ? TensorElements.int64(environment, integers, shape())
        : TensorElements.input(environment, datatype, values, shape());
  }

  /**
   * Writes the values as {@link #datatype()} elements into {@code buffer} from index 0, as {@link
   * #toTensor} holds them; the buffer needs {@code rows × columns × TensorElements.size} bytes.
   */
  void writeTo(ByteBuffer buffer) {
    if (strings != null) {
      throw new IllegalStateException("STRING tensors are not written into buffers");
    }
    if (integers != null) {
      TensorElements.write(integers, buffer);
    } else {
      TensorElements.write(datatype, values, buffer);
    }
  }

  /** The tensor shape {@code [rows, columns]}. */
  long[] shape() {
    return new long[] {rows, columns};
  }
}
