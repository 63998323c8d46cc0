/**
 * Trains Driftwatch's demo model in pure Java (Tribuo), exports it to ONNX and lays it out in a
 * Triton-style model repository ({@code <repository>/<model>/<version>/model.onnx} plus {@code
 * descriptor.json}). Entry point: {@link io.driftwatch.training.DemoModel}.
 */
package io.driftwatch.training;
