package io.driftwatch.stats.concept;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded 0/1 error streams and helpers to run a detector over them. */
final class ErrorStreams {

  /** Where the step streams change from the base error rate to the drifted one. */
  static final int CHANGE_POINT = 1000;

  private ErrorStreams() {}

  /** Bernoulli(before) errors up to {@link #CHANGE_POINT}, Bernoulli(after) from there on. */
  static double[] step(long seed, double before, double after, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] errors = new double[length];
    for (int i = 0; i < length; i++) {
      errors[i] = random.nextDouble() < (i < CHANGE_POINT ? before : after) ? 1 : 0;
    }
    return errors;
  }

  static double[] stationary(long seed, double errorRate, int length) {
    return step(seed, errorRate, errorRate, length);
  }

  static List<DetectorState> run(DriftDetector detector, double[] errors) {
    List<DetectorState> states = new ArrayList<>(errors.length);
    for (double error : errors) {
      states.add(detector.update(error));
    }
    return states;
  }

  /** Indices at which the detector reported DRIFT. */
  static List<Integer> drifts(List<DetectorState> states) {
    List<Integer> drifts = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      if (states.get(i) == DetectorState.DRIFT) {
        drifts.add(i);
      }
    }
    return drifts;
  }

  /** Index of the first DRIFT at or after {@code from}, or -1. */
  static int firstDriftFrom(List<DetectorState> states, int from) {
    for (int i = from; i < states.size(); i++) {
      if (states.get(i) == DetectorState.DRIFT) {
        return i;
      }
    }
    return -1;
  }

  /** Total DRIFTs over {@code runs} seeded stationary streams of {@code length} errors. */
  static int falseAlarms(String detector, double errorRate, int runs, int length) {
    int alarms = 0;
    for (long seed = 1; seed <= runs; seed++) {
      alarms +=
          drifts(run(DriftDetectors.create(detector), stationary(seed, errorRate, length))).size();
    }
    return alarms;
  }
}
