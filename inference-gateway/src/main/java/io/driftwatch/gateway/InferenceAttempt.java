package io.driftwatch.gateway;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.repository.ModelDescriptor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What is known about one infer request as it is answered, turned into its {@link PredictionEvent}
 * at the end whether it succeeded or failed. Confined to the request's thread.
 */
final class InferenceAttempt {

  private final String model;
  private final Instant receivedAt;
  private final long startNanos;
  private String requestId;
  private String version = "";
  private String variant = TrafficPolicy.CHAMPION;
  private ModelDescriptor descriptor;
  private FeatureMatrix features;
  private Prediction prediction;
  private long queueNanos;

  /**
   * @param receivedAt wall-clock time the request arrived, from the injected clock
   * @param startNanos {@link System#nanoTime()} when it arrived, for durations
   */
  InferenceAttempt(String model, Instant receivedAt, long startNanos) {
    this.model = model;
    this.receivedAt = receivedAt;
    this.startNanos = startNanos;
  }

  String model() {
    return model;
  }

  /** When the request arrived, from the injected clock. */
  Instant receivedAt() {
    return receivedAt;
  }

  /** The version that serves the request, empty until one is resolved. */
  String version() {
    return version;
  }

  /**
   * The client's id, or a random (version 4) UUID when it sent none, drawn once from {@link
   * ThreadLocalRandom}: ids must be unique, not unguessable, and {@link UUID#randomUUID()} would
   * take the JVM-wide SecureRandom lock on every request.
   */
  String requestId() {
    if (requestId == null) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long high = (random.nextLong() & ~0xF000L) | 0x4000L;
      long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
      requestId = new UUID(high, low).toString();
    }
    return requestId;
  }

  void identifiedAs(Optional<String> clientId) {
    clientId.ifPresent(id -> requestId = id);
  }

  void servedBy(String servingVersion, ModelDescriptor servingDescriptor) {
    this.version = servingVersion;
    this.descriptor = servingDescriptor;
  }

  /** Records the traffic variant that serves the request: champion, challenger or shadow. */
  void routedAs(String servingVariant) {
    this.variant = servingVariant;
  }

  /** Records the parsed input and when it is handed to the model (or its batch queue). */
  void readyToRun(FeatureMatrix matrix, long nowNanos) {
    this.features = matrix;
    this.queueNanos = nowNanos - startNanos;
  }

  /**
   * Records the answer at {@code nowNanos}. The queue time becomes everything before the model call
   * that answered: parsing and, with dynamic batching, the wait for a batch (the few µs of handing
   * the rows back count in too); the compute time is that call's, shared by the batch.
   */
  void answered(Prediction answer, long nowNanos) {
    this.prediction = answer;
    this.queueNanos = Math.max(queueNanos, nowNanos - answer.computeNanos() - startNanos);
  }

  /** Model time of the answer, nanoseconds; 0 before one. */
  long computeNanos() {
    return prediction == null ? 0 : prediction.computeNanos();
  }

  long elapsedNanos(long nowNanos) {
    return nowNanos - startNanos;
  }

  long queueNanos() {
    return queueNanos;
  }

  int rows() {
    return features == null ? 0 : features.rows();
  }

  /**
   * The events of a request the model answered, one per row, in row order; call after {@link
   * #answered}. A one-row request's event carries the request id; row {@code r} of a request of
   * several rows carries {@link #rowRequestId} ({@code <id>#<r>}), the id its label is posted
   * under. Timings and {@code batch_size} are the request's.
   */
  List<PredictionEvent> succeeded(long nowNanos) {
    int rows = prediction.rows();
    List<PredictionEvent> events = new ArrayList<>(rows);
    for (int row = 0; row < rows; row++) {
      PredictionEvent.Builder event =
          base(row, nowNanos)
              .setRequestId(rowRequestId(requestId(), row, rows))
              .setStatus(PredictionStatus.OK);
      if (prediction.isClassification()) {
        event
            .setPredictedClass(prediction.predictedClass(row))
            .setProbabilities(prediction.probabilities(row));
      }
      events.add(
          event
              .setScore(prediction.score(row))
              .setComputeMicros(prediction.computeNanos() / 1_000)
              .build());
    }
    return events;
  }

  /**
   * The request id of row {@code row} of a request of {@code rows} rows: see {@link #succeeded}.
   */
  static String rowRequestId(String requestId, int row, int rows) {
    return rows == 1 ? requestId : requestId + "#" + row;
  }

  /** The event of a request answered with an error, with the first row's input if parsed. */
  PredictionEvent failed(GatewayException error, long nowNanos) {
    return base(0, nowNanos)
        .setStatus(
            error.isClientError() ? PredictionStatus.CLIENT_ERROR : PredictionStatus.SERVER_ERROR)
        .setErrorCode(error.status())
        .setErrorMessage(error.getMessage())
        .setComputeMicros(prediction == null ? 0 : prediction.computeNanos() / 1_000)
        .build();
  }

  private PredictionEvent.Builder base(int row, long nowNanos) {
    Map<String, Double> numeric = new LinkedHashMap<>();
    Map<String, String> categorical = new LinkedHashMap<>();
    if (features != null) {
      List<ModelDescriptor.Feature> columns = descriptor.features();
      boolean text = features.datatype() == TensorDatatype.BYTES;
      for (int c = 0; c < columns.size(); c++) {
        ModelDescriptor.Feature feature = columns.get(c);
        if (text) {
          categorical.put(feature.name(), features.text(row, c));
          continue;
        }
        double value = features.get(row, c);
        if (feature.kind() == ModelDescriptor.Kind.NUMERIC) {
          numeric.put(feature.name(), value);
        } else {
          categorical.put(feature.name(), categoryOf(value, features.datatype()));
        }
      }
    }
    return PredictionEvent.newBuilder()
        .setRequestId(requestId())
        .setModel(model)
        .setVersion(version)
        .setVariant(variant)
        .setEventTime(receivedAt)
        .setNumericFeatures(numeric)
        .setCategoricalFeatures(categorical)
        .setBatchSize(rows())
        .setQueueMicros(features == null ? 0 : queueNanos / 1_000)
        .setLatencyMicros(elapsedNanos(nowNanos) / 1_000);
  }

  /**
   * Categorical features arrive as their category's index; integral indices print without ".0",
   * others as the model's input type holds them.
   */
  private static String categoryOf(double value, TensorDatatype modelInput) {
    if (value == Math.rint(value)) {
      return Long.toString((long) value);
    }
    return modelInput == TensorDatatype.FP64
        ? Double.toString(value)
        : Float.toString((float) value);
  }
}
