package io.driftwatch.benchmarks.concept;

import io.driftwatch.stats.concept.DetectorState;
import io.driftwatch.stats.concept.DriftDetector;
import io.driftwatch.stats.concept.DriftDetectors;
import java.util.Arrays;

/** Runs one detector at its default settings over seeded streams and measures what it reported. */
final class DetectionRuns {

  private DetectionRuns() {}

  /**
   * What a detector did over {@code runs} seeded streams of one scenario.
   *
   * @param detected runs with a DRIFT in [changeAt, changeAt + horizon)
   * @param delays for each detected run, events from the change point to the first DRIFT at or
   *     after it, sorted
   * @param preChangeAlarms DRIFTs before the change point, summed over all runs
   * @param postChangeDrifts DRIFTs in [changeAt, changeAt + horizon), summed over detected runs
   */
  record ChangeResult(
      String scenario,
      String detector,
      int runs,
      int detected,
      long[] delays,
      long preChangeAlarms,
      long postChangeDrifts) {

    int missed() {
      return runs - detected;
    }

    double meanDelay() {
      return Arrays.stream(delays).average().orElse(Double.NaN);
    }

    double delayQuantile(double q) {
      if (delays.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(q * delays.length) - 1;
      return delays[Math.max(0, index)];
    }

    double medianDelay() {
      if (delays.length == 0) {
        return Double.NaN;
      }
      int middle = delays.length / 2;
      return delays.length % 2 == 1 ? delays[middle] : (delays[middle - 1] + delays[middle]) / 2.0;
    }

    double driftsPerDetectedRun() {
      return detected == 0 ? Double.NaN : (double) postChangeDrifts / detected;
    }
  }

  /**
   * Streams {@code scenario.changeAt() + horizon} events per run, seeds {@code firstSeed ..
   * firstSeed + runs − 1} (the same seeds for every detector).
   */
  static ChangeResult measure(
      ChangeScenario scenario, String detectorName, int runs, long firstSeed, long horizon) {
    long[] delays = new long[runs];
    int detected = 0;
    long preChange = 0;
    long postChange = 0;
    long end = scenario.changeAt() + horizon;
    for (int run = 0; run < runs; run++) {
      ErrorStream stream = new ErrorStream(scenario, firstSeed + run);
      DriftDetector detector = DriftDetectors.create(detectorName);
      long firstDrift = -1;
      long drifts = 0;
      for (long i = 0; i < end; i++) {
        if (detector.update(stream.next()) != DetectorState.DRIFT) {
          continue;
        }
        if (i < scenario.changeAt()) {
          preChange++;
        } else {
          drifts++;
          if (firstDrift < 0) {
            firstDrift = i;
          }
        }
      }
      if (firstDrift >= 0) {
        delays[detected++] = firstDrift - scenario.changeAt();
        postChange += drifts;
      }
    }
    long[] sorted = Arrays.copyOf(delays, detected);
    Arrays.sort(sorted);
    return new ChangeResult(
        scenario.name(), detectorName, runs, detected, sorted, preChange, postChange);
  }

  /** DRIFTs per 10<sup>6</sup> events over {@code runs} stationary streams of {@code events}. */
  static double falseAlarmsPerMillion(
      double rate, String detectorName, int runs, long events, long firstSeed) {
    ChangeScenario scenario = ChangeScenario.stationary(rate);
    long alarms = 0;
    for (int run = 0; run < runs; run++) {
      ErrorStream stream = new ErrorStream(scenario, firstSeed + run);
      DriftDetector detector = DriftDetectors.create(detectorName);
      for (long i = 0; i < events; i++) {
        if (detector.update(stream.next()) == DetectorState.DRIFT) {
          alarms++;
        }
      }
    }
    return alarms * 1e6 / ((double) runs * events);
  }
}
