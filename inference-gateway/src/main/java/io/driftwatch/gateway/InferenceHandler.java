package io.driftwatch.gateway;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST /v2/models/{model}[/versions/{version}]/infer}: answers through {@link
 * InferenceService} and records every outcome, including refusals, through {@link
 * InferenceRecorder} before the error is mapped to its HTTP answer.
 */
final class InferenceHandler {

  private final InferenceService service;
  private final InferenceRecorder recorder;
  private final GatewayMetrics metrics;
  private final BoundedBody body;
  private final Clock clock;

  InferenceHandler(
      InferenceService service,
      InferenceRecorder recorder,
      GatewayMetrics metrics,
      BoundedBody body,
      Clock clock) {
    this.service = service;
    this.recorder = recorder;
    this.metrics = metrics;
    this.body = body;
    this.clock = clock;
  }

  void infer(Context ctx) {
    InferenceAttempt attempt =
        new InferenceAttempt(ctx.pathParam("model"), clock.instant(), System.nanoTime());
    metrics.requestStarted();
    try {
      InferResponse response = service.infer(attempt, version(ctx), body.read(ctx));
      recorder.succeeded(attempt);
      ctx.json(response);
    } catch (RuntimeException e) {
      GatewayException error = GatewayException.from(e);
      recorder.failed(attempt, error);
      throw error;
    } finally {
      metrics.requestFinished();
    }
  }

  static Optional<String> version(Context ctx) {
    return Optional.ofNullable(ctx.pathParamMap().get("version"));
  }
}
