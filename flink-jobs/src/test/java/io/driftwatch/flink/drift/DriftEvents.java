package io.driftwatch.flink.drift;

import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.stats.profile.CategoricalReference;
import io.driftwatch.stats.profile.CategoricalSketch;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.api.common.functions.util.ListCollector;

/**
 * Test factory of a model "churn" version "1" with a numeric feature {@code age} ~ N(40, 10²), a
 * categorical feature {@code plan} (basic 60%, pro 30%, team 10%) and a classifier output, and of
 * predictions drawn from that distribution or a shifted one.
 */
public final class DriftEvents {

  public static final String MODEL = "churn";
  static final String VERSION = "1";
  static final double AGE_MEAN = 40;
  static final double AGE_SD = 10;

  private DriftEvents() {}

  /**
   * The reference profile of {@code rows} rows drawn with seed {@code seed}, as ProfileBuilder
   * builds it: numeric columns with exact bins.
   */
  public static ReferenceProfile reference(int rows, long seed) {
    return reference(rows, seed, true);
  }

  /**
   * Like {@link #reference(int, long)}; {@code exactBins} false gives a profile as written before
   * bin counts existed (sketch-estimated bins).
   */
  static ReferenceProfile reference(int rows, long seed, boolean exactBins) {
    Random random = new Random(seed);
    NumericSketch age = NumericSketch.empty();
    CategoricalSketch plan = CategoricalSketch.empty();
    CategoricalSketch classes = CategoricalSketch.empty();
    NumericSketch score = NumericSketch.empty();
    double[] ages = new double[rows];
    double[] scores = new double[rows];
    for (int i = 0; i < rows; i++) {
      ages[i] = AGE_MEAN + AGE_SD * random.nextGaussian();
      age.update(ages[i]);
      plan.update(plan(random, false));
      classes.update(random.nextDouble() < 0.3 ? "yes" : "no");
      scores[i] = 0.5 + 0.5 * random.nextDouble();
      score.update(scores[i]);
    }
    return new ReferenceProfile(
        MODEL,
        VERSION,
        Instant.parse("2026-01-01T00:00:00Z"),
        Map.of("rows", Integer.toString(rows)),
        List.of(
            exactBins ? NumericReference.exact("age", age, ages) : NumericReference.of("age", age),
            new CategoricalReference("plan", plan)),
        List.of(
            new CategoricalReference("class", classes),
            exactBins
                ? NumericReference.exact("score", score, scores)
                : NumericReference.of("score", score)));
  }

  public static ModelEvent loaded(ReferenceProfile profile) {
    return loaded(profile.model(), profile.version(), ReferenceProfileCodec.encode(profile));
  }

  static ModelEvent loaded(String model, String version, byte[] profile) {
    return ModelEvent.newBuilder()
        .setModel(model)
        .setVersion(version)
        .setType(ModelEventType.LOADED)
        .setEventTime(Instant.parse("2026-01-01T00:00:00Z"))
        .setReferenceProfile(profile == null ? null : ByteBuffer.wrap(profile))
        .build();
  }

  /**
   * An answered prediction at {@code time}; {@code ageShiftSd} moves the age mean by that many
   * standard deviations and {@code planShift} makes "team" the most common plan.
   */
  public static PredictionEvent prediction(
      Random random, Instant time, double ageShiftSd, boolean planShift) {
    return PredictionEvent.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setModel(MODEL)
        .setVersion(VERSION)
        .setVariant("champion")
        .setEventTime(time)
        .setNumericFeatures(Map.of("age", AGE_MEAN + AGE_SD * (ageShiftSd + random.nextGaussian())))
        .setCategoricalFeatures(Map.of("plan", plan(random, planShift)))
        .setPredictedClass(random.nextDouble() < 0.3 ? "yes" : "no")
        .setScore(0.5 + 0.5 * random.nextDouble())
        .setProbabilities(Map.of())
        .setLatencyMicros(1_000)
        .setStatus(PredictionStatus.OK)
        .build();
  }

  /** The feature rows of an event as a fresh projection sends them (with their names). */
  static List<FeatureRow> rows(PredictionEvent event, int shards) {
    List<FeatureRow> rows = new ArrayList<>();
    new AnsweredFeatureRows(shards, 128).flatMap(event, new ListCollector<>(rows));
    return rows;
  }

  /** A request the gateway refused: no outputs, status CLIENT_ERROR. */
  static PredictionEvent refused(Instant time) {
    return PredictionEvent.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setModel(MODEL)
        .setVersion(VERSION)
        .setEventTime(time)
        .setLatencyMicros(100)
        .setStatus(PredictionStatus.CLIENT_ERROR)
        .setErrorCode(400)
        .setErrorMessage("bad input")
        .build();
  }

  private static String plan(Random random, boolean shifted) {
    double u = random.nextDouble();
    if (shifted) {
      return u < 0.2 ? "basic" : u < 0.4 ? "pro" : "team";
    }
    return u < 0.6 ? "basic" : u < 0.9 ? "pro" : "team";
  }
}
