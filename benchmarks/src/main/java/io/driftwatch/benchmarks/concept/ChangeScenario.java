package io.driftwatch.benchmarks.concept;

/**
 * A model's true error rate over a stream: {@code before} up to {@code changeAt}, then a change of
 * the given shape to {@code after}.
 *
 * @param name label in the benchmark table
 * @param before error rate before the change, in [0, 1]
 * @param after error rate once the change is complete, in [0, 1]
 * @param changeAt index of the first event that may see the new rate (the change point); at least 0
 * @param shape how the rate moves from {@code before} to {@code after}
 * @param width events the move takes for gradual shapes (the rate reaches {@code after} at {@code
 *     changeAt + width}); ignored for {@link Shape#ABRUPT}
 */
public record ChangeScenario(
    String name, double before, double after, long changeAt, Shape shape, int width) {

  /** How the error rate moves from {@code before} to {@code after}. */
  public enum Shape {
    /** Jumps at the change point. */
    ABRUPT,
    /** Straight line over {@code width} events. */
    LINEAR,
    /**
     * Logistic curve over {@code width} events, centred on its middle, with a slope that puts the
     * unscaled curve at 1% and 99% at the two ends, rescaled to run exactly from 0 to 1.
     */
    SIGMOID
  }

  /** Logistic slope that puts 1% and 99% at the two ends of the ramp: 2 · ln 99. */
  private static final double SLOPE = 2 * Math.log(99);

  private static final double LOW = logistic(0);
  private static final double HIGH = logistic(1);

  public ChangeScenario {
    if (!(before >= 0 && before <= 1)) {
      throw new IllegalArgumentException("before must be in [0, 1], was " + before);
    }
    if (!(after >= 0 && after <= 1)) {
      throw new IllegalArgumentException("after must be in [0, 1], was " + after);
    }
    if (changeAt < 0) {
      throw new IllegalArgumentException("changeAt must be >= 0, was " + changeAt);
    }
    if (shape == null) {
      throw new IllegalArgumentException("shape must not be null");
    }
    if (shape != Shape.ABRUPT && width < 1) {
      throw new IllegalArgumentException(
          "width must be at least 1 for " + shape + ", was " + width);
    }
  }

  public static ChangeScenario abrupt(double before, double after, long changeAt) {
    return new ChangeScenario(
        "abrupt " + before + "→" + after, before, after, changeAt, Shape.ABRUPT, 0);
  }

  public static ChangeScenario linear(double before, double after, long changeAt, int width) {
    return new ChangeScenario(
        "linear " + before + "→" + after + " /" + width,
        before,
        after,
        changeAt,
        Shape.LINEAR,
        width);
  }

  public static ChangeScenario sigmoid(double before, double after, long changeAt, int width) {
    return new ChangeScenario(
        "sigmoid " + before + "→" + after + " /" + width,
        before,
        after,
        changeAt,
        Shape.SIGMOID,
        width);
  }

  /** A stream whose rate never changes. */
  public static ChangeScenario stationary(double rate) {
    return new ChangeScenario("stationary " + rate, rate, rate, Long.MAX_VALUE, Shape.ABRUPT, 0);
  }

  /** The true error rate of event {@code index} (0-based). */
  public double rateAt(long index) {
    if (index < changeAt) {
      return before;
    }
    double progress =
        switch (shape) {
          case ABRUPT -> 1;
          case LINEAR -> Math.min(1, (double) (index - changeAt) / width);
          case SIGMOID -> {
            double u = Math.min(1, (double) (index - changeAt) / width);
            yield (logistic(u) - LOW) / (HIGH - LOW);
          }
        };
    return before + (after - before) * progress;
  }

  private static double logistic(double u) {
    return 1 / (1 + Math.exp(-SLOPE * (u - 0.5)));
  }
}
