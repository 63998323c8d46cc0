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

  /** Header whose value keeps a caller on one traffic variant; the request id when absent. */
  static final String ROUTING_KEY_HEADER = "X-Routing-Key";

  private final InferenceService service;
  private final InferenceRecorder recorder;
  private final GatewayMetrics metrics;
  private final BoundedBody body;
  private final Clock clock;
  private final Redaction redaction;

  InferenceHandler(
      InferenceService service,
      InferenceRecorder recorder,
      GatewayMetrics metrics,
      BoundedBody body,
      Clock clock) {
    this(service, recorder, metrics, body, clock, Redaction.NONE);
  }

  /**
   * @param redaction when on, request values are withheld from error messages before they are
   *     recorded, logged or answered
   */
  InferenceHandler(
      InferenceService service,
      InferenceRecorder recorder,
      GatewayMetrics metrics,
      BoundedBody body,
      Clock clock,
      Redaction redaction) {
    this.service = service;
    this.recorder = recorder;
    this.metrics = metrics;
    this.body = body;
    this.clock = clock;
    this.redaction = redaction;
  }

  void infer(Context ctx) {
    InferenceAttempt attempt =
        new InferenceAttempt(ctx.pathParam("model"), clock.instant(), System.nanoTime());
    metrics.requestStarted();
    byte[] request = null;
    try {
      request = body.readJson(ctx);
      InferResponse response =
          service.infer(
              attempt, version(ctx), Optional.ofNullable(ctx.header(ROUTING_KEY_HEADER)), request);
      recorder.succeeded(attempt);
      ctx.json(response);
    } catch (RuntimeException e) {
      GatewayException error = redaction.withholdValues(GatewayException.from(e), request);
      recorder.failed(attempt, error);
      throw error;
    } finally {
      metrics.versionFinished(attempt.model(), attempt.version());
      metrics.requestFinished();
    }
  }

  static Optional<String> version(Context ctx) {
    return Optional.ofNullable(ctx.pathParamMap().get("version"));
  }
}
