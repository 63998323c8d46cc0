package io.driftwatch.flink;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Test factory of prediction events with every required field set. */
public final class PredictionEvents {

  private PredictionEvents() {}

  /** An OK prediction of model version 1, champion, at {@code eventTime}. */
  public static PredictionEvent ok(String model, Instant eventTime, long latencyMicros) {
    return event(model, eventTime, latencyMicros, PredictionStatus.OK);
  }

  /** A prediction answered with a 5xx. */
  public static PredictionEvent serverError(String model, Instant eventTime, long latencyMicros) {
    return event(model, eventTime, latencyMicros, PredictionStatus.SERVER_ERROR);
  }

  public static PredictionEvent event(
      String model, Instant eventTime, long latencyMicros, PredictionStatus status) {
    boolean ok = status == PredictionStatus.OK;
    return PredictionEvent.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setModel(model)
        .setVersion("1")
        .setVariant("champion")
        .setEventTime(eventTime)
        .setNumericFeatures(Map.of("age", 42.0))
        .setCategoricalFeatures(Map.of("country", "NL"))
        .setPredictedClass(ok ? "yes" : null)
        .setScore(ok ? 0.9 : null)
        .setProbabilities(ok ? Map.of("yes", 0.9, "no", 0.1) : Map.of())
        .setLatencyMicros(latencyMicros)
        .setStatus(status)
        .setErrorCode(ok ? null : 500)
        .setErrorMessage(ok ? null : "model failed")
        .build();
  }
}
