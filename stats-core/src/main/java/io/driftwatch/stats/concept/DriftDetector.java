package io.driftwatch.stats.concept;

/**
 * A sequential change detector on a stream of model errors: one {@link #update(double)} per labeled
 * prediction, 1 when the model was wrong and 0 when it was right (detectors that say so also take a
 * loss in [0, 1]).
 *
 * <p>After {@link #update(double)} returns {@link DetectorState#DRIFT} the detector restarts by
 * itself so that it can detect the next change; each implementation documents how. {@link Adwin}
 * drops the older part of its window at once (that cut is its estimate of where the change
 * happened). {@link Ddm} and {@link PageHinkley} forget all their statistics when the next
 * observation arrives, so {@link #observations()} and {@link #errorRate()} read right after a DRIFT
 * still describe the stretch that ended in the detection.
 *
 * <p>Implementations are mutable and not thread-safe. {@link #toByteArray()} writes the complete
 * state, configuration included, starting with a type byte and a format byte; {@link
 * DriftDetectors#fromByteArray(byte[])} reads any of them back.
 */
public interface DriftDetector {

  /**
   * Feeds one observation.
   *
   * @param error 1 = the model was wrong, 0 = right; implementations document whether values
   *     strictly between 0 and 1 are accepted
   * @return the state after this observation
   * @throws IllegalArgumentException for a value the detector does not accept (NaN, out of range)
   */
  DetectorState update(double error);

  /**
   * Observations the current test is based on: since the last reset for {@link Ddm} and {@link
   * PageHinkley}, the length of the adaptive window for {@link Adwin}.
   */
  long observations();

  /**
   * The detector's current estimate of the error rate in [0, 1]: the window mean for {@link Adwin},
   * p<sub>i</sub> for {@link Ddm}, the running mean for {@link PageHinkley}; NaN before the first
   * observation.
   */
  double errorRate();

  /** Short lower-case name, used as the {@code detector} tag: "adwin", "ddm" or "page_hinkley". */
  String name();

  /** The configuration this detector was built with. */
  DetectorConfig config();

  /** The complete state in the implementation's binary form (type byte, format byte, ...). */
  byte[] toByteArray();

  /** An independent copy in the same state: both continue identically on the same stream. */
  DriftDetector copy();
}
