package io.driftwatch.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The Open Inference Protocol v2 infer response.
 *
 * @param id the request's id: the client's, or the one the gateway generated
 */
record InferResponse(
    @JsonProperty("model_name") String modelName,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("id") String id,
    @JsonProperty("outputs") List<Output> outputs) {

  InferResponse {
    outputs = List.copyOf(outputs);
  }

  /**
   * One output tensor; {@code data} is flat, row-major: the model's values (the array {@link
   * TensorElements#outputArray} names for {@code datatype}; BOOL as true/false) or a list of
   * strings.
   */
  record Output(
      @JsonProperty("name") String name,
      @JsonProperty("datatype") String datatype,
      @JsonProperty("shape") long[] shape,
      @JsonProperty("data") Object data) {}

  /**
   * The outputs a request asked for, all of them when it named none.
   *
   * @throws GatewayException 400 naming an output the model does not have
   */
  static List<String> selectOutputs(LoadedModel model, InferRequest request) {
    List<String> available = model.outputNames();
    if (request.requestedOutputs().isEmpty()) {
      return available;
    }
    for (String name : request.requestedOutputs()) {
      if (!available.contains(name)) {
        throw GatewayException.badRequest(
            "unknown output '" + name + "'; model '" + model.name() + "' has " + available);
      }
    }
    return request.requestedOutputs();
  }

  static InferResponse of(
      LoadedModel model, String id, List<String> outputNames, Prediction prediction) {
    List<Output> outputs =
        outputNames.stream()
            .map(
                name ->
                    name.equals(LoadedModel.LABEL_OUTPUT)
                        ? new Output(
                            name,
                            "BYTES",
                            new long[] {prediction.rows()},
                            prediction.predictedClasses())
                        : new Output(
                            name,
                            prediction.output().datatype().name(),
                            prediction.output().shape(),
                            prediction.output().data()))
            .toList();
    return new InferResponse(model.name(), model.version(), id, outputs);
  }
}
