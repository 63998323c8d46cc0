package io.driftwatch.gateway;

/** Where ONNX Runtime runs the models. */
public enum Device {
  /** Try the CUDA execution provider and fall back to the CPU when it cannot be used. */
  AUTO,
  /** CPU only. */
  CPU,
  /** CUDA only: a version whose session cannot use CUDA fails to load. */
  CUDA
}
