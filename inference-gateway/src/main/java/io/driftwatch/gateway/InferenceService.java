package io.driftwatch.gateway;

import java.util.List;
import java.util.Optional;

/**
 * Answers one infer request body, independent of HTTP: parse, route to a version, assemble the
 * input, run the model, and hand a copy to the shadow version when the model has one. Records what
 * it learns in the {@link InferenceAttempt} so a failure at any step still yields a complete
 * prediction event. Thread-safe.
 */
final class InferenceService {

  private final ModelRepository repository;
  private final InferRequestParser parser;
  private final ShadowScorer shadows;
  private final GatewayMetrics metrics;

  InferenceService(
      ModelRepository repository,
      InferRequestParser parser,
      ShadowScorer shadows,
      GatewayMetrics metrics) {
    this.repository = repository;
    this.parser = parser;
    this.shadows = shadows;
    this.metrics = metrics;
  }

  /**
   * @param version the version named in the path, empty to split by the model's traffic policy
   * @param routingKey the client's routing key; the request id when empty (a generated id, so a
   *     random split, when the client sent neither)
   * @throws GatewayException 400 bad input, 404 unknown model or version, 503 version not loaded,
   *     500 the model failed
   */
  InferResponse infer(
      InferenceAttempt attempt,
      Optional<String> version,
      Optional<String> routingKey,
      byte[] body) {
    InferRequest request = parser.parse(body);
    attempt.identifiedAs(request.id());
    try (Route route =
        repository.route(attempt.model(), version, routingKey.orElse(attempt.requestId()))) {
      LoadedModel model = route.model();
      attempt.servedBy(model.version(), model.descriptor());
      metrics.versionStarted(attempt.model(), attempt.version());
      attempt.routedAs(route.variant());
      metrics.routed(attempt.model(), route.variant());
      List<String> outputs = InferResponse.selectOutputs(model, request);
      FeatureMatrix features =
          FeatureMatrix.from(request, model.descriptor(), model.inputDatatype());
      attempt.readyToRun(features, System.nanoTime());
      Prediction prediction = model.infer(features);
      attempt.answered(prediction, System.nanoTime());
      // Only requests the model answered are shadowed: a copy of a refused one teaches nothing.
      route
          .takeShadow()
          .ifPresent(
              shadow -> shadows.submit(shadow, request, attempt.requestId(), attempt.receivedAt()));
      return InferResponse.of(model, attempt.requestId(), outputs, prediction);
    }
  }
}
