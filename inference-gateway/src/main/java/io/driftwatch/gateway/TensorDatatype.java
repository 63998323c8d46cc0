package io.driftwatch.gateway;

import ai.onnxruntime.OnnxJavaType;
import java.util.Arrays;
import java.util.Optional;

/** Tensor datatypes of the Open Inference Protocol, and which ones requests may use as input. */
enum TensorDatatype {
  BOOL(false),
  UINT8(false),
  UINT16(false),
  UINT32(false),
  UINT64(false),
  INT8(false),
  INT16(false),
  INT32(true),
  INT64(true),
  FP16(false),
  BF16(false),
  FP32(true),
  FP64(true),
  BYTES(false);

  private final boolean acceptedAsInput;

  TensorDatatype(boolean acceptedAsInput) {
    this.acceptedAsInput = acceptedAsInput;
  }

  /** Whether the gateway converts data of this type to a model's float input. */
  boolean acceptedAsInput() {
    return acceptedAsInput;
  }

  boolean isInteger() {
    return this == INT32 || this == INT64;
  }

  static Optional<TensorDatatype> parse(String name) {
    return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
  }

  /** The protocol name of an ONNX Runtime element type. */
  static TensorDatatype of(OnnxJavaType type) {
    return switch (type) {
      case FLOAT -> FP32;
      case DOUBLE -> FP64;
      case INT8 -> INT8;
      case INT16 -> INT16;
      case INT32 -> INT32;
      case INT64 -> INT64;
      case UINT8 -> UINT8;
      case BOOL -> BOOL;
      case STRING -> BYTES;
      case FLOAT16 -> FP16;
      case BFLOAT16 -> BF16;
      default -> throw new IllegalArgumentException("no protocol datatype for " + type);
    };
  }
}
