package io.driftwatch.benchmarks.concept;

import java.util.SplittableRandom;

/**
 * Seeded 0/1 model errors following a {@link ChangeScenario}: event i is an error with probability
 * {@code scenario.rateAt(i)}, independently. The same seed gives the same stream on every JVM
 * ({@link SplittableRandom}). Not thread-safe.
 */
public final class ErrorStream {

  private final ChangeScenario scenario;
  private final SplittableRandom random;
  private long index;

  public ErrorStream(ChangeScenario scenario, long seed) {
    if (scenario == null) {
      throw new IllegalArgumentException("scenario must not be null");
    }
    this.scenario = scenario;
    this.random = new SplittableRandom(seed);
  }

  /** The next event: 1 if the model was wrong, 0 if right. */
  public double next() {
    return random.nextDouble() < scenario.rateAt(index++) ? 1 : 0;
  }

  /** Index of the event the next {@link #next()} returns. */
  public long index() {
    return index;
  }
}
