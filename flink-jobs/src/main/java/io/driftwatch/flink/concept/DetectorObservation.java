package io.driftwatch.flink.concept;

/**
 * What one detector concluded after one or more labeled predictions (merged per window by {@link
 * #merge}).
 *
 * @param model model name
 * @param version model version
 * @param detector detector name
 * @param drift whether the detector signalled drift at least once
 * @param warning whether it was in its warning zone at least once (DDM only)
 * @param errorRate the detector's error-rate estimate after the latest observation, in [0, 1]
 * @param observations the detector's observation count after the latest observation
 * @param labeled labeled predictions merged into this observation
 */
public record DetectorObservation(
    String model,
    String version,
    String detector,
    boolean drift,
    boolean warning,
    double errorRate,
    long observations,
    long labeled) {

  public DetectorKey key() {
    return new DetectorKey(model, version, detector);
  }

  /** {@code this} followed by {@code later}: flags or-ed, estimates from {@code later}. */
  public DetectorObservation merge(DetectorObservation later) {
    return new DetectorObservation(
        model,
        version,
        detector,
        drift || later.drift,
        warning || later.warning,
        later.errorRate,
        later.observations,
        labeled + later.labeled);
  }
}
