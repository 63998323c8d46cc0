package io.driftwatch.gateway;

import java.util.List;
import java.util.Optional;

/**
 * A structurally valid Open Inference Protocol v2 infer request; whether it fits a model is decided
 * by {@link FeatureMatrix#from}.
 *
 * @param id the client's request id, empty when it sent none
 * @param inputs at least one input, names unique
 * @param requestedOutputs names of the outputs to return; empty means all
 */
record InferRequest(Optional<String> id, List<InputTensor> inputs, List<String> requestedOutputs) {

  InferRequest {
    inputs = List.copyOf(inputs);
    requestedOutputs = List.copyOf(requestedOutputs);
  }
}
