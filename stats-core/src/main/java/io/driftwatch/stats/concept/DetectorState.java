package io.driftwatch.stats.concept;

/** What a {@link DriftDetector} concluded after its latest observation. */
public enum DetectorState {
  /** No evidence that the error rate changed. */
  STABLE,
  /**
   * The error rate may be rising (only {@link Ddm} has a warning zone); a learner would start
   * buffering examples for a replacement model here.
   */
  WARNING,
  /** The detector decided that the error rate changed; it has restarted its test. */
  DRIFT
}
