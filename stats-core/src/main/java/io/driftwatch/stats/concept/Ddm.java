package io.driftwatch.stats.concept;

import java.io.Serializable;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * DDM, the drift detection method of Gama, Medas, Castillo &amp; Rodrigues, "Learning with Drift
 * Detection" (SBIA 2004).
 *
 * <p>The errors are taken as Bernoulli trials. After i observations the error rate is p<sub>i</sub>
 * (the mean of the errors) with standard deviation s<sub>i</sub> = sqrt(p<sub>i</sub>(1 −
 * p<sub>i</sub>) / i). From the {@code minInstances}-th observation on, the detector remembers
 * p<sub>min</sub> and s<sub>min</sub> at the observation where p<sub>i</sub> + s<sub>i</sub> was
 * lowest, and reports
 *
 * <ul>
 *   <li>{@link DetectorState#DRIFT} when p<sub>i</sub> + s<sub>i</sub> &gt; p<sub>min</sub> +
 *       driftLevel · s<sub>min</sub> (the paper's 99% out-of-control level at 3),
 *   <li>{@link DetectorState#WARNING} when p<sub>i</sub> + s<sub>i</sub> &gt; p<sub>min</sub> +
 *       warningLevel · s<sub>min</sub> (95% at 2),
 *   <li>otherwise {@link DetectorState#STABLE}.
 * </ul>
 *
 * <p>The paper writes &ge;; the strict comparison (as MOA and River) keeps a model that is never
 * wrong (p = s = 0) STABLE instead of drifting every {@code minInstances} observations.
 *
 * <p>After a DRIFT the next observation starts a new test from nothing (p, s, p<sub>min</sub> and
 * the count forgotten), as in the paper, where the learner is then rebuilt from the examples seen
 * since the warning. Until then {@link #observations()} and {@link #errorRate()} still describe the
 * stretch that ended in the detection. DDM detects only increases of the error rate. Known weakness
 * of the method: if the first {@code minInstances} errors are all 0, s<sub>min</sub> is 0 and the
 * first later error reports DRIFT (with a base error rate of 0.1 and the default 30 this happens in
 * 0.9<sup>30</sup> ≈ 4% of fresh starts). More generally, p<sub>min</sub> + s<sub>min</sub>
 * recorded on a lucky early stretch makes the published defaults raise false alarms soon after
 * every (re)start: measured, 0.77 alarms per run in the first 5,000 observations of a stationary
 * 10% error rate and 0.41 at 20%, while long stationary streams see only about 0.5 per
 * 10<sup>6</sup> observations (benchmark module). A larger {@code minInstances} mitigates this.
 *
 * <p>Accepts only 0 and 1 (the binomial model of the paper). O(1) memory; mutable and not
 * thread-safe.
 */
public final class Ddm implements DriftDetector {

  static final byte TYPE = 2;

  /** Version of the binary form written by {@link #toByteArray()}. */
  public static final byte FORMAT = 1;

  static final String NAME = "ddm";

  /**
   * DDM parameters; the defaults are the paper's and those of MOA's {@code DDM} and River's {@code
   * drift.binary.DDM}.
   *
   * @param minInstances observations before p<sub>min</sub>, s<sub>min</sub> are recorded and any
   *     warning or drift is reported, at least 1; default 30 (the paper's "after 30 examples")
   * @param warningLevel the warning threshold in units of s<sub>min</sub>, positive; default 2.0
   * @param driftLevel the drift threshold in units of s<sub>min</sub>, at least warningLevel;
   *     default 3.0
   */
  public record Config(int minInstances, double warningLevel, double driftLevel)
      implements DetectorConfig, Serializable {

    public Config {
      if (minInstances < 1) {
        throw new IllegalArgumentException("minInstances must be at least 1, was " + minInstances);
      }
      if (!(warningLevel > 0) || Double.isInfinite(warningLevel)) {
        throw new IllegalArgumentException(
            "warningLevel must be a positive number, was " + warningLevel);
      }
      if (!(driftLevel >= warningLevel) || Double.isInfinite(driftLevel)) {
        throw new IllegalArgumentException(
            "driftLevel must be finite and at least warningLevel ("
                + warningLevel
                + "), was "
                + driftLevel);
      }
    }

    /**
     * minInstances 300, warningLevel 2.0, driftLevel 3.0. The paper's (and MOA's) 30 instances let
     * an error-free early stretch fix a tiny p_min + s_min, after which ordinary noise reads as
     * drift: 7 to 8 false alarms over 10 seeded runs of 10⁵ Bernoulli(0.2) errors, and slower
     * detection. With 300 (a detector then needs 300 observations after a start or reset before it
     * can fire): 2 to 3 over the same runs, and a 0.1 → 0.5 step is flagged after 133 events on
     * average instead of 194 (measured with the project's stream generator). 1000 would cut the
     * alarms to about 1 but leave a low-traffic model blind for 1000 labels after every reset. Some
     * alarms are inherent: the running minimum of p + s keeps falling on a long stationary stream.
     * {@link #paper()} gives the published values.
     */
    public static Config defaults() {
      return new Config(300, 2.0, 3.0);
    }

    /** The paper's, MOA's and River's defaults: minInstances 30, warningLevel 2, driftLevel 3. */
    public static Config paper() {
      return new Config(30, 2.0, 3.0);
    }

    @Override
    public String detectorName() {
      return NAME;
    }

    @Override
    public Ddm newDetector() {
      return new Ddm(this);
    }
  }

  private final Config config;

  private long n;
  private long errors;
  private double pMin;
  private double sMin;
  private boolean resetPending;

  /** A detector with no observations. */
  public Ddm(Config config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
    reset();
  }

  /** A detector with {@link Config#defaults()}. */
  public Ddm() {
    this(Config.defaults());
  }

  private void reset() {
    n = 0;
    errors = 0;
    pMin = Double.POSITIVE_INFINITY;
    sMin = Double.POSITIVE_INFINITY;
    resetPending = false;
  }

  /**
   * Feeds one prediction outcome.
   *
   * @param error 1 if the model was wrong, 0 if right; nothing else
   */
  @Override
  public DetectorState update(double error) {
    if (error != 0 && error != 1) {
      throw new IllegalArgumentException("error must be 0 or 1, was " + error);
    }
    if (resetPending) {
      reset();
    }
    n++;
    if (error == 1) {
      errors++;
    }
    if (n < config.minInstances()) {
      return DetectorState.STABLE;
    }
    double p = errorRate();
    double s = Math.sqrt(p * (1 - p) / n);
    if (p + s < pMin + sMin) {
      pMin = p;
      sMin = s;
    }
    if (p + s > pMin + config.driftLevel() * sMin) {
      resetPending = true;
      return DetectorState.DRIFT;
    }
    if (p + s > pMin + config.warningLevel() * sMin) {
      return DetectorState.WARNING;
    }
    return DetectorState.STABLE;
  }

  /** Observations since the last reset. */
  @Override
  public long observations() {
    return n;
  }

  /** p<sub>i</sub>, the share of errors since the last reset; NaN before the first. */
  @Override
  public double errorRate() {
    return n == 0 ? Double.NaN : (double) errors / n;
  }

  /** p<sub>min</sub>, or NaN while fewer than minInstances observations were seen. */
  public double minimumErrorRate() {
    return Double.isInfinite(pMin) ? Double.NaN : pMin;
  }

  /** s<sub>min</sub>, the standard deviation recorded with p<sub>min</sub>, or NaN. */
  public double minimumStandardDeviation() {
    return Double.isInfinite(sMin) ? Double.NaN : sMin;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Config config() {
    return config;
  }

  /**
   * Binary form: type byte 2, format byte ({@value #FORMAT}), minInstances as an int, warningLevel
   * and driftLevel as doubles, observations and errors as longs, p<sub>min</sub> and
   * s<sub>min</sub> as doubles (infinite until recorded), and a reset-pending byte; big-endian, 55
   * bytes.
   */
  @Override
  public byte[] toByteArray() {
    return ByteBuffer.allocate(55)
        .put(TYPE)
        .put(FORMAT)
        .putInt(config.minInstances())
        .putDouble(config.warningLevel())
        .putDouble(config.driftLevel())
        .putLong(n)
        .putLong(errors)
        .putDouble(pMin)
        .putDouble(sMin)
        .put((byte) (resetPending ? 1 : 0))
        .array();
  }

  /**
   * Reads a detector written by {@link #toByteArray()}.
   *
   * @throws IllegalArgumentException for another detector's bytes, an unknown format byte, or
   *     truncated or inconsistent bytes
   */
  public static Ddm fromByteArray(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes must not be null");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      DriftDetectors.checkHeader(buffer, TYPE, FORMAT, NAME);
      Ddm ddm = new Ddm(new Config(buffer.getInt(), buffer.getDouble(), buffer.getDouble()));
      ddm.n = buffer.getLong();
      ddm.errors = buffer.getLong();
      ddm.pMin = buffer.getDouble();
      ddm.sMin = buffer.getDouble();
      byte pending = buffer.get();
      if (ddm.n < 0 || ddm.errors < 0 || ddm.errors > ddm.n || pending > 1 || pending < 0) {
        throw new IllegalArgumentException(
            "corrupt ddm state: observations=" + ddm.n + " errors=" + ddm.errors);
      }
      if (buffer.hasRemaining()) {
        throw new IllegalArgumentException("corrupt ddm state: " + bytes.length + " bytes");
      }
      ddm.resetPending = pending == 1;
      return ddm;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated ddm state: " + bytes.length + " bytes", e);
    }
  }

  @Override
  public Ddm copy() {
    return fromByteArray(toByteArray());
  }

  @Override
  public String toString() {
    return "Ddm[observations=" + n + ", p=" + errorRate() + ", " + config + "]";
  }
}
