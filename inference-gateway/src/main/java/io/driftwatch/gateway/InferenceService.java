package io.driftwatch.gateway;

import java.util.List;
import java.util.Optional;

/**
 * Answers one infer request body, independent of HTTP: parse, resolve the version, assemble the
 * input, run the model. Records what it learns in the {@link InferenceAttempt} so a failure at any
 * step still yields a complete prediction event. Thread-safe.
 */
final class InferenceService {

  private final ModelRepository repository;
  private final InferRequestParser parser;

  InferenceService(ModelRepository repository, InferRequestParser parser) {
    this.repository = repository;
    this.parser = parser;
  }

  /**
   * @param version the version named in the path, empty for the serving one
   * @throws GatewayException 400 bad input, 404 unknown model or version, 503 version not loaded,
   *     500 the model failed
   */
  InferResponse infer(InferenceAttempt attempt, Optional<String> version, byte[] body) {
    InferRequest request = parser.parse(body);
    attempt.identifiedAs(request.id());
    LoadedModel model = repository.resolve(attempt.model(), version);
    attempt.servedBy(model.version(), model.descriptor());
    List<String> outputs = InferResponse.selectOutputs(model, request);
    FeatureMatrix features = FeatureMatrix.from(request, model.descriptor());
    attempt.readyToRun(features, System.nanoTime());
    Prediction prediction = model.infer(features);
    attempt.answered(prediction, System.nanoTime());
    return InferResponse.of(model, attempt.requestId(), outputs, prediction);
  }
}
