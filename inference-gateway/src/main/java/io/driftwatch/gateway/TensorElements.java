package io.driftwatch.gateway;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtUtil;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The element types of the model tensors the gateway serves, and the conversions between a
 * request's values (doubles, see {@link InputTensor}) and ONNX Runtime tensors of those types.
 *
 * <p>Inputs may be {@link #INPUTS}; a value converts to a floating type when its magnitude fits
 * (rounding to the nearest representable value, as FP32 always did), and to an integer or BOOL type
 * only when it is that exact integer (BOOL: 0 or 1). A request's numbers are read as doubles, so an
 * INT64 input takes integers of magnitude below 2^53 this way; requests in an integer datatype
 * carry exact longs as well ({@link InputTensor#integers()}), which go to {@link #int64} whole.
 * Outputs may be {@link #OUTPUTS}, read back as {@code float[]}, {@code double[]}, {@code int[]},
 * {@code long[]} or {@code boolean[]} (see {@link #read}). ONNX Runtime's Java API has no UINT16,
 * UINT32 or UINT64 tensors. A STRING input takes only BYTES values, as they were sent ({@link
 * FeatureMatrix}). A STRING output is not a number the gateway can check, log or profile, so only a
 * classifier's output of {@link #LABELS} may be STRING (read back as {@code String[]}). Stateless.
 */
final class TensorElements {

  /**
   * Output element types a model may have, numbers the gateway can check, log and profile; a
   * classifier's must be floating.
   */
  static final Set<TensorDatatype> OUTPUTS =
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

  /**
   * Input element types a model may have: those of {@link #OUTPUTS}, and STRING (the protocol's
   * BYTES), whose features are categorical and are logged as the strings sent.
   */
  static final Set<TensorDatatype> INPUTS =
      Stream.concat(OUTPUTS.stream(), Stream.of(TensorDatatype.BYTES))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * Element types of a classifier's output that holds each row's class itself, one value per row,
   * rather than its probabilities: STRING (the protocol's BYTES) and the integer types.
   */
  static final Set<TensorDatatype> LABELS =
      Set.of(
          TensorDatatype.BYTES,
          TensorDatatype.INT8,
          TensorDatatype.INT16,
          TensorDatatype.INT32,
          TensorDatatype.INT64,
          TensorDatatype.UINT8);

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
    ByteBuffer buffer = direct(values.length * size(target));
    write(target, values, buffer);
    return OnnxTensor.createTensor(environment, buffer, shape, target.javaType());
  }

  /**
   * Writes {@code values}, which {@link #represents} must accept for {@code target}, into {@code
   * buffer} from index 0 in the buffer's byte order, {@link #size} bytes each; the buffer's
   * position is left alone.
   */
  static void write(TensorDatatype target, double[] values, ByteBuffer buffer) {
    switch (target) {
      case FP32 -> {
        for (int i = 0; i < values.length; i++) {
          buffer.putFloat(i * Float.BYTES, (float) values[i]);
        }
      }
      case FP64 -> {
        for (int i = 0; i < values.length; i++) {
          buffer.putDouble(i * Double.BYTES, values[i]);
        }
      }
      case FP16, BF16, INT16 -> {
        for (int i = 0; i < values.length; i++) {
          float value = (float) values[i];
          short bits =
              switch (target) {
                case FP16 -> Fp16Conversions.floatToFp16(value);
                case BF16 -> Fp16Conversions.floatToBf16(value);
                default -> (short) values[i];
              };
          buffer.putShort(i * Short.BYTES, bits);
        }
      }
      // UINT8 255 is the byte -1: the same bits, which ONNX Runtime reads unsigned.
      case INT8, UINT8, BOOL -> {
        for (int i = 0; i < values.length; i++) {
          buffer.put(i, (byte) (int) values[i]);
        }
      }
      case INT32 -> {
        for (int i = 0; i < values.length; i++) {
          buffer.putInt(i * Integer.BYTES, (int) values[i]);
        }
      }
      case INT64 -> {
        for (int i = 0; i < values.length; i++) {
          buffer.putLong(i * Long.BYTES, (long) values[i]);
        }
      }
      default -> throw new IllegalArgumentException("not a served input type: " + target);
    }
  }

  /** Writes exact INT64 {@code values} as {@link #write(TensorDatatype, double[], ByteBuffer)}. */
  static void write(long[] values, ByteBuffer buffer) {
    for (int i = 0; i < values.length; i++) {
      buffer.putLong(i * Long.BYTES, values[i]);
    }
  }

  /**
   * Bytes one element of {@code type} takes in a tensor, for {@link #INPUTS} and {@link #OUTPUTS}.
   */
  static int size(TensorDatatype type) {
    return switch (type) {
      case INT8, UINT8, BOOL -> Byte.BYTES;
      case FP16, BF16, INT16 -> Short.BYTES;
      case FP32, INT32 -> Integer.BYTES;
      case FP64, INT64 -> Long.BYTES;
      default -> throw new IllegalArgumentException("not a served type: " + type);
    };
  }

  /** A zeroed direct buffer of {@code bytes} in native byte order, as ONNX Runtime reads it. */
  static ByteBuffer direct(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }

  /** An INT64 tensor of exact {@code values}, row-major; the caller closes it. */
  static OnnxTensor int64(OrtEnvironment environment, long[] values, long[] shape)
      throws OrtException {
    ByteBuffer buffer = direct(values.length * Long.BYTES);
    write(values, buffer);
    return OnnxTensor.createTensor(environment, buffer, shape, OnnxJavaType.INT64);
  }

  /**
   * A number as an input of {@code type} holds it, which is what the gateway logs: FP32, FP16 and
   * BF16 rounded to that type, every other type as given.
   */
  static double asReceived(TensorDatatype type, double value) {
    return switch (type) {
      case FP32 -> (float) value;
      case FP16 -> Fp16Conversions.fp16ToFloat(Fp16Conversions.floatToFp16((float) value));
      case BF16 -> Fp16Conversions.bf16ToFloat(Fp16Conversions.floatToBf16((float) value));
      default -> value;
    };
  }

  /**
   * The values of an output tensor of {@code type}, one of {@link #OUTPUTS} or BYTES, row-major.
   */
  static Object output(OnnxTensor tensor, TensorDatatype type) throws OrtException {
    if (type == TensorDatatype.BYTES) {
      return OrtUtil.flattenString(tensor.getValue());
    }
    return read(
        type,
        tensor.getByteBuffer().order(ByteOrder.nativeOrder()),
        Math.toIntExact(tensor.getInfo().getNumElements()));
  }

  /**
   * The first {@code count} values of {@code type}, one of {@link #OUTPUTS}, in {@code buffer}
   * (from index 0, in its byte order), as {@link #outputArray} says: FP16 and BF16 widened to
   * float, INT8, UINT8 (unsigned) and INT16 widened to int, BOOL as boolean.
   */
  static Object read(TensorDatatype type, ByteBuffer buffer, int count) {
    return switch (type) {
      case FP32 -> {
        float[] values = new float[count];
        buffer.asFloatBuffer().get(0, values);
        yield values;
      }
      case FP64 -> {
        double[] values = new double[count];
        buffer.asDoubleBuffer().get(0, values);
        yield values;
      }
      case FP16, BF16 -> {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
          short bits = buffer.getShort(i * Short.BYTES);
          values[i] =
              type == TensorDatatype.FP16
                  ? Fp16Conversions.fp16ToFloat(bits)
                  : Fp16Conversions.bf16ToFloat(bits);
        }
        yield values;
      }
      case INT8, UINT8, INT16, INT32 -> {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
          values[i] =
              switch (type) {
                case INT8 -> buffer.get(i);
                case UINT8 -> Byte.toUnsignedInt(buffer.get(i));
                case INT16 -> buffer.getShort(i * Short.BYTES);
                default -> buffer.getInt(i * Integer.BYTES);
              };
        }
        yield values;
      }
      case INT64 -> {
        long[] values = new long[count];
        buffer.asLongBuffer().get(0, values);
        yield values;
      }
      case BOOL -> {
        boolean[] values = new boolean[count];
        for (int i = 0; i < count; i++) {
          values[i] = buffer.get(i) != 0;
        }
        yield values;
      }
      default -> throw new IllegalArgumentException("not a served output type: " + type);
    };
  }

  /**
   * The Java array class {@link #output} returns for {@code type}, one of {@link #OUTPUTS} or
   * BYTES.
   */
  static Class<?> outputArray(TensorDatatype type) {
    return switch (type) {
      case BYTES -> String[].class;
      case FP32, FP16, BF16 -> float[].class;
      case FP64 -> double[].class;
      case INT8, UINT8, INT16, INT32 -> int[].class;
      case INT64 -> long[].class;
      case BOOL -> boolean[].class;
      default -> throw new IllegalArgumentException("not a served output type: " + type);
    };
  }
}
