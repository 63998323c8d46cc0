package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.schemas.repository.ModelDescriptor.Feature;
import io.driftwatch.schemas.repository.ModelDescriptor.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InferenceAttemptTest {

  private static final Instant RECEIVED = Instant.parse("2025-03-01T12:00:00Z");
  private static final long START_NANOS = 1_000_000_000L;
  private static final ModelDescriptor WEATHER =
      new ModelDescriptor(
          ModelDescriptor.Task.CLASSIFICATION,
          "input",
          "probabilities",
          List.of(new Feature("wind", Kind.NUMERIC), new Feature("station", Kind.CATEGORICAL)),
          List.of("rain", "sun"),
          Map.of());

  private static FeatureMatrix twoRows() {
    InputTensor input =
        new InputTensor(
            "input", new long[] {2, 2}, TensorDatatype.FP32, new double[] {3.5, 2, 9, 1});
    return FeatureMatrix.from(
        new InferRequest(Optional.empty(), List.of(input), List.of()),
        WEATHER,
        TensorDatatype.FP32);
  }

  private static Prediction sunnyThenRainy() {
    return new Prediction(
        new Prediction.OutputTensor(
            "probabilities", new long[] {2, 2}, new float[] {0.25f, 0.75f, 0.9f, 0.1f}),
        WEATHER.classLabels(),
        40_000);
  }

  @Test
  void aRefusedRequestBeforeAnyModelResolvedStillYieldsACompleteEvent() {
    InferenceAttempt attempt = new InferenceAttempt("weather", RECEIVED, START_NANOS);

    PredictionEvent event =
        attempt.failed(
            GatewayException.notFound("unknown model 'weather'"), START_NANOS + 2_000_000);

    assertThat(event.getRequestId()).matches("[0-9a-f-]{36}");
    assertThat(event.getModel()).isEqualTo("weather");
    assertThat(event.getVersion()).isEmpty();
    assertThat(event.getVariant()).isEqualTo("champion");
    assertThat(event.getEventTime()).isEqualTo(RECEIVED);
    assertThat(event.getStatus()).isEqualTo(PredictionStatus.CLIENT_ERROR);
    assertThat(event.getErrorCode()).isEqualTo(404);
    assertThat(event.getErrorMessage()).isEqualTo("unknown model 'weather'");
    assertThat(event.getBatchSize()).isZero();
    assertThat(event.getNumericFeatures()).isEmpty();
    assertThat(event.getPredictedClass()).isNull();
    assertThat(event.getLatencyMicros()).isEqualTo(2_000);
  }

  @Test
  void anAnsweredRequestYieldsOneEventPerRowWithItsWinningClassAndTheRequestsTimings() {
    InferenceAttempt attempt = new InferenceAttempt("weather", RECEIVED, START_NANOS);
    attempt.identifiedAs(Optional.of("req-7"));
    attempt.servedBy("3", WEATHER);
    attempt.readyToRun(twoRows(), START_NANOS + 100_000);
    attempt.answered(sunnyThenRainy(), START_NANOS + 140_000);

    List<PredictionEvent> events = attempt.succeeded(START_NANOS + 500_000);

    assertThat(events).hasSize(2);
    PredictionEvent event = events.get(0);
    assertThat(event.getRequestId()).isEqualTo("req-7#0");
    assertThat(event.getVersion()).isEqualTo("3");
    assertThat(event.getStatus()).isEqualTo(PredictionStatus.OK);
    assertThat(event.getErrorCode()).isNull();
    assertThat(event.getNumericFeatures()).containsExactly(Map.entry("wind", 3.5));
    assertThat(event.getCategoricalFeatures()).containsExactly(Map.entry("station", "2"));
    assertThat(event.getPredictedClass()).isEqualTo("sun");
    assertThat(event.getScore()).isEqualTo(0.75);
    assertThat(event.getProbabilities()).containsEntry("rain", 0.25).containsEntry("sun", 0.75);
    assertThat(event.getBatchSize()).isEqualTo(2);
    assertThat(event.getQueueMicros()).isEqualTo(100);
    assertThat(event.getComputeMicros()).isEqualTo(40);
    assertThat(event.getLatencyMicros()).isEqualTo(500);
    PredictionEvent second = events.get(1);
    assertThat(second.getRequestId()).isEqualTo("req-7#1");
    assertThat(second.getNumericFeatures()).containsExactly(Map.entry("wind", 9.0));
    assertThat(second.getCategoricalFeatures()).containsExactly(Map.entry("station", "1"));
    assertThat(second.getPredictedClass()).isEqualTo("rain");
    assertThat(second.getScore()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(second.getBatchSize()).isEqualTo(2);
    assertThat(second.getLatencyMicros()).isEqualTo(500);
  }

  @Test
  void aOneRowRequestKeepsItsIdForItsOneEvent() {
    assertThat(InferenceAttempt.rowRequestId("req-7", 0, 1)).isEqualTo("req-7");
    assertThat(InferenceAttempt.rowRequestId("req-7", 3, 4)).isEqualTo("req-7#3");
  }

  @Test
  void aBatchedAnswerCountsTheWaitForItsBatchAsQueueTime() {
    InferenceAttempt attempt = new InferenceAttempt("weather", RECEIVED, START_NANOS);
    attempt.servedBy("3", WEATHER);
    attempt.readyToRun(twoRows(), START_NANOS + 100_000);
    // Its batch's model call took 40 µs and ended 2 ms after the request arrived.
    attempt.answered(sunnyThenRainy(), START_NANOS + 2_000_000);

    PredictionEvent event = attempt.succeeded(START_NANOS + 2_100_000).get(1);

    assertThat(event.getQueueMicros()).isEqualTo(1_960);
    assertThat(event.getComputeMicros()).isEqualTo(40);
    assertThat(event.getLatencyMicros()).isEqualTo(2_100);
  }

  @Test
  void aModelFailureIsAServerErrorThatKeepsTheInput() {
    InferenceAttempt attempt = new InferenceAttempt("weather", RECEIVED, START_NANOS);
    attempt.servedBy("3", WEATHER);
    attempt.readyToRun(twoRows(), START_NANOS + 100_000);

    PredictionEvent event =
        attempt.failed(GatewayException.internal("model failed", null), START_NANOS + 300_000);

    assertThat(event.getStatus()).isEqualTo(PredictionStatus.SERVER_ERROR);
    assertThat(event.getErrorCode()).isEqualTo(500);
    assertThat(event.getBatchSize()).isEqualTo(2);
    assertThat(event.getNumericFeatures()).containsEntry("wind", 3.5);
    assertThat(event.getScore()).isNull();
  }

  @Test
  void generatesDistinctVersionFourUuidsUnlessTheClientSentAnId() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      InferenceAttempt attempt = new InferenceAttempt("weather", RECEIVED, START_NANOS);
      attempt.identifiedAs(Optional.empty());
      java.util.UUID id = java.util.UUID.fromString(attempt.requestId());
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(attempt.requestId()).as("stable once drawn").isEqualTo(id.toString());
      ids.add(id.toString());
    }
    assertThat(ids).hasSize(1_000);

    InferenceAttempt named = new InferenceAttempt("weather", RECEIVED, START_NANOS);
    named.identifiedAs(Optional.of("client-7"));
    assertThat(named.requestId()).isEqualTo("client-7");
  }
}
