package io.driftwatch.gateway;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.driftwatch.schemas.repository.ModelDescriptor;

/**
 * A model version's input and output tensors as the gateway's load checks them, for tools that must
 * agree with the gateway on what it would serve without serving it (the {@code profile} command):
 * the same checks, the same reasons.
 *
 * @param input the descriptor's input tensor
 * @param output the descriptor's output tensor
 */
public record ServedTensors(TensorInfo input, TensorInfo output) {

  /**
   * Checks {@code session}'s graph against {@code descriptor} as a load does.
   *
   * @throws IllegalArgumentException with the reason a load would give for refusing the version
   * @throws OrtException when ONNX Runtime cannot describe the graph's tensors
   */
  public static ServedTensors check(OrtSession session, ModelDescriptor descriptor)
      throws OrtException {
    try {
      return LoadedModel.checkTensors(session, descriptor);
    } catch (ModelLoadException e) {
      throw new IllegalArgumentException(
          "the gateway would not load this version: " + e.getMessage(), e);
    }
  }

  /**
   * A feature value as the input tensor holds it, which is what the gateway logs: rounded for FP32,
   * FP16 and BF16 inputs, as given for the others.
   */
  public double asReceived(double value) {
    return TensorElements.asReceived(TensorDatatype.of(input.type), value);
  }

  /**
   * Whether the output holds a classifier's class per row (STRING or an integer type) rather than
   * its probabilities or a regressor's numbers.
   */
  public boolean classPerRow(ModelDescriptor descriptor) {
    return descriptor.task() == ModelDescriptor.Task.CLASSIFICATION
        && TensorElements.LABELS.contains(TensorDatatype.of(output.type));
  }
}
