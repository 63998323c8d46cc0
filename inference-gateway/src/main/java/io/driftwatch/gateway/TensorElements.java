package io.driftwatch.gateway;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Set;

/**
 * The element types of the model tensors the gateway serves, and the conversions between a
 * request's values (doubles, see {@link InputTensor}) and ONNX Runtime tensors of those types.
 *
 * <p>Inputs may be {@link #INPUTS}; a value converts to a floating type when its magnitude fits
 * (rounding to the nearest representable value, as FP32 always did), and to an integer or BOOL type
 * only when it is that exact integer (BOOL: 0 or 1). A request's numbers are read as doubles, so an
 * INT64 input takes integers of magnitude below 2^53 this way; requests in an integer datatype
 * carry exact longs as well ({@link InputTensor#integers()}), which go to {@link #int64} whole.
 * Outputs may be {@link #OUTPUTS}, read back as {@code float[]}, {@code double[]}, {@code int[]} or
 * {@code long[]}. Stateless.
 */
final class TensorElements {

  /** Input element types a model may have. */
  static final Set<TensorDatatype> INPUTS =
      Set.of(
          TensorDatatype.FP32,
          TensorDatatype.FP64,
          TensorDatatype.FP16,
          TensorDatatype.BF16,
          TensorDatatype.INT8,
          TensorDatatype.INT16,
          TensorDatatype.INT32,
          TensorDatatype.INT64,
          TensorDatatype.UINT8,
          TensorDatatype.BOOL);

  /** Output element types a model may have; a classifier's must be floating. */
  static final Set<TensorDatatype> OUTPUTS =
      Set.of(TensorDatatype.FP32, TensorDatatype.FP64, TensorDatatype.INT32, TensorDatatype.INT64);

  /** Largest magnitude below which every integer read as a double is exact: 2^53. */
  private static final double EXACT_INTEGERS = 0x1p53;

  private TensorElements() {}

  /** Whether {@code value} converts to {@code target}, one of {@link #INPUTS}, as described. */
  static boolean represents(TensorDatatype target, double value) {
    return switch (target.kind()) {
      case FLOATING -> target.holds(value);
      case BOOLEAN -> value == 0 || value == 1;
      case INTEGER ->
          value == Math.rint(value)
              && Math.abs(value) < EXACT_INTEGERS
              && target.holds((long) value);
      case STRING -> false;
    };
  }

  /** The values {@link #represents} accepts for {@code target}, as error messages state them. */
  static String range(TensorDatatype target) {
    return target == TensorDatatype.INT64
        ? target.range() + " (below 2^53 in magnitude when sent in a floating datatype)"
        : target.range();
  }

  /**
   * A tensor of {@code target} holding {@code values}, row-major, which {@link #represents} must
   * accept; the caller closes it.
   */
  static OnnxTensor input(
      OrtEnvironment environment, TensorDatatype target, double[] values, long[] shape)
      throws OrtException {
    return switch (target) {
      case FP32 -> OnnxTensor.createTensor(environment, FloatBuffer.wrap(floats(values)), shape);
      case FP64 -> OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), shape);
      case FP16, BF16 -> {
        ShortBuffer halves = ShortBuffer.allocate(values.length);
        for (double value : values) {
          halves.put(
              target == TensorDatatype.FP16
                  ? Fp16Conversions.floatToFp16((float) value)
                  : Fp16Conversions.floatToBf16((float) value));
        }
        OnnxJavaType type =
            target == TensorDatatype.FP16 ? OnnxJavaType.FLOAT16 : OnnxJavaType.BFLOAT16;
        yield OnnxTensor.createTensor(environment, halves.flip(), shape, type);
      }
      case INT16 -> {
        ShortBuffer shorts = ShortBuffer.allocate(values.length);
        for (double value : values) {
          shorts.put((short) value);
        }
        yield OnnxTensor.createTensor(environment, shorts.flip(), shape, OnnxJavaType.INT16);
      }
      case INT8, UINT8, BOOL -> {
        ByteBuffer bytes = ByteBuffer.allocate(values.length);
        for (double value : values) {
          // UINT8 255 is the byte -1: the same bits, which ONNX Runtime reads unsigned.
          bytes.put((byte) (int) value);
        }
        OnnxJavaType type =
            switch (target) {
              case INT8 -> OnnxJavaType.INT8;
              case UINT8 -> OnnxJavaType.UINT8;
              default -> OnnxJavaType.BOOL;
            };
        yield OnnxTensor.createTensor(environment, bytes.flip(), shape, type);
      }
      case INT32 -> {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
          ints[i] = (int) values[i];
        }
        yield OnnxTensor.createTensor(environment, IntBuffer.wrap(ints), shape);
      }
      case INT64 -> {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
          longs[i] = (long) values[i];
        }
        yield OnnxTensor.createTensor(environment, LongBuffer.wrap(longs), shape);
      }
      default -> throw new IllegalArgumentException("not a served input type: " + target);
    };
  }

  /** An INT64 tensor of exact {@code values}, row-major; the caller closes it. */
  static OnnxTensor int64(OrtEnvironment environment, long[] values, long[] shape)
      throws OrtException {
    return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
  }

  /** The values of an output tensor of {@code type}, one of {@link #OUTPUTS}, row-major. */
  static Object output(OnnxTensor tensor, TensorDatatype type) {
    return switch (type) {
      case FP32 -> {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        yield values;
      }
      case FP64 -> {
        DoubleBuffer buffer = tensor.getDoubleBuffer();
        double[] values = new double[buffer.remaining()];
        buffer.get(values);
        yield values;
      }
      case INT32 -> {
        IntBuffer buffer = tensor.getIntBuffer();
        int[] values = new int[buffer.remaining()];
        buffer.get(values);
        yield values;
      }
      case INT64 -> {
        LongBuffer buffer = tensor.getLongBuffer();
        long[] values = new long[buffer.remaining()];
        buffer.get(values);
        yield values;
      }
      default -> throw new IllegalArgumentException("not a served output type: " + type);
    };
  }

  /** The Java array class {@link #output} returns for {@code type}, one of {@link #OUTPUTS}. */
  static Class<?> outputArray(TensorDatatype type) {
    return switch (type) {
      case FP32 -> float[].class;
      case FP64 -> double[].class;
      case INT32 -> int[].class;
      case INT64 -> long[].class;
      default -> throw new IllegalArgumentException("not a served output type: " + type);
    };
  }

  private static float[] floats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }
}
