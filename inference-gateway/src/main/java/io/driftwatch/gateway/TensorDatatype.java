package io.driftwatch.gateway;

import ai.onnxruntime.OnnxJavaType;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tensor datatypes of the Open Inference Protocol v2, with the values a request may write for each:
 * {@code true}/{@code false} for BOOL, integers within the type's range for the integer types,
 * finite numbers whose magnitude fits the type for the floating-point types, strings for BYTES.
 */
enum TensorDatatype {
  BOOL(Kind.BOOLEAN, 0, 1),
  UINT8(Kind.INTEGER, 0, 255),
  UINT16(Kind.INTEGER, 0, 65_535),
  UINT32(Kind.INTEGER, 0, 4_294_967_295L),
  UINT64(Kind.INTEGER, BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
  INT8(Kind.INTEGER, Byte.MIN_VALUE, Byte.MAX_VALUE),
  INT16(Kind.INTEGER, Short.MIN_VALUE, Short.MAX_VALUE),
  INT32(Kind.INTEGER, Integer.MIN_VALUE, Integer.MAX_VALUE),
  INT64(Kind.INTEGER, Long.MIN_VALUE, Long.MAX_VALUE),
  /** IEEE half precision: largest finite magnitude 65504. */
  FP16(Kind.FLOATING, 65_504.0),
  /** bfloat16: largest finite magnitude about 3.39e38. */
  BF16(Kind.FLOATING, 3.3895313892515355e38),
  FP32(Kind.FLOATING, Float.MAX_VALUE),
  FP64(Kind.FLOATING, Double.MAX_VALUE),
  BYTES(Kind.STRING, 0);

  /** What a request's JSON {@code data} holds for a datatype. */
  enum Kind {
    BOOLEAN,
    INTEGER,
    FLOATING,
    STRING
  }

  private final Kind kind;
  private final BigInteger minimum;
  private final BigInteger maximum;
  private final double largestMagnitude;
  // The range as longs, so the common case of a value that fits a long needs no BigInteger.
  private final long minimumLong;
  private final long maximumLong;

  TensorDatatype(Kind kind, long minimum, long maximum) {
    this(kind, BigInteger.valueOf(minimum), BigInteger.valueOf(maximum));
  }

  TensorDatatype(Kind kind, BigInteger minimum, BigInteger maximum) {
    this.kind = kind;
    this.minimum = minimum;
    this.maximum = maximum;
    this.largestMagnitude = maximum.doubleValue();
    this.minimumLong = minimum.longValue();
    this.maximumLong = maximum.bitLength() < 64 ? maximum.longValue() : Long.MAX_VALUE;
  }

  TensorDatatype(Kind kind, double largestMagnitude) {
    this.kind = kind;
    this.minimum = null;
    this.maximum = null;
    this.largestMagnitude = largestMagnitude;
    this.minimumLong = 0;
    this.maximumLong = -1;
  }

  Kind kind() {
    return kind;
  }

  boolean isInteger() {
    return kind == Kind.INTEGER;
  }

  /** Whether {@code value} is an integer inside this integer type's range. */
  boolean holds(BigInteger value) {
    return minimum != null && value.compareTo(minimum) >= 0 && value.compareTo(maximum) <= 0;
  }

  /** Whether {@code value} is inside this integer type's range. */
  boolean holds(long value) {
    return value >= minimumLong && value <= maximumLong;
  }

  /** Whether {@code value} is finite and no larger in magnitude than this floating type holds. */
  boolean holds(double value) {
    return Double.isFinite(value) && Math.abs(value) <= largestMagnitude;
  }

  /** The accepted values, as error messages state them, for example {@code 0..255}. */
  String range() {
    return switch (kind) {
      case BOOLEAN -> "true or false";
      case INTEGER -> "integers " + minimum + ".." + maximum;
      case FLOATING -> "finite numbers of magnitude at most " + largestMagnitude;
      case STRING -> "strings";
    };
  }

  static Optional<TensorDatatype> parse(String name) {
    return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
  }

  /** The protocol name of each ONNX Runtime element type the Java API has. */
  private static final Map<OnnxJavaType, TensorDatatype> OF_JAVA_TYPE =
      Map.ofEntries(
          Map.entry(OnnxJavaType.FLOAT, FP32),
          Map.entry(OnnxJavaType.DOUBLE, FP64),
          Map.entry(OnnxJavaType.INT8, INT8),
          Map.entry(OnnxJavaType.INT16, INT16),
          Map.entry(OnnxJavaType.INT32, INT32),
          Map.entry(OnnxJavaType.INT64, INT64),
          Map.entry(OnnxJavaType.UINT8, UINT8),
          Map.entry(OnnxJavaType.BOOL, BOOL),
          Map.entry(OnnxJavaType.STRING, BYTES),
          Map.entry(OnnxJavaType.FLOAT16, FP16),
          Map.entry(OnnxJavaType.BFLOAT16, BF16));

  private static final Map<TensorDatatype, OnnxJavaType> JAVA_TYPE =
      new EnumMap<>(TensorDatatype.class);

  static {
    OF_JAVA_TYPE.forEach((javaType, datatype) -> JAVA_TYPE.put(datatype, javaType));
  }

  /** The protocol name of an ONNX Runtime element type. */
  static TensorDatatype of(OnnxJavaType type) {
    TensorDatatype datatype = OF_JAVA_TYPE.get(type);
    if (datatype == null) {
      throw new IllegalArgumentException("no protocol datatype for " + type);
    }
    return datatype;
  }

  /**
   * ONNX Runtime's element type of this datatype.
   *
   * @throws IllegalArgumentException for UINT16, UINT32 and UINT64, which ONNX Runtime's Java API
   *     has no tensors of
   */
  OnnxJavaType javaType() {
    OnnxJavaType type = JAVA_TYPE.get(this);
    if (type == null) {
      throw new IllegalArgumentException("ONNX Runtime's Java API has no " + this + " tensors");
    }
    return type;
  }
}
