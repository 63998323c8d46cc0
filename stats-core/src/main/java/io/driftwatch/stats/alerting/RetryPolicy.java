package io.driftwatch.stats.alerting;

import java.io.Serializable;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to retry a failed webhook delivery: exponential backoff with full jitter (Brooker,
 * "Exponential Backoff And Jitter", AWS Architecture Blog 2015). After the n-th failed attempt the
 * sender waits a uniformly random time in [0, min(maxBackoff, initialBackoff ·
 * multiplier<sup>n−1</sup>)]; after {@code maxAttempts} attempts the payload goes to dead letters.
 * With the defaults the ceilings are 0.5, 1, 2, 4, 8 s between the 6 attempts (at most 15.5 s of
 * waiting in all).
 *
 * @param maxAttempts attempts in all, including the first, at least 1; default 6
 * @param initialBackoff ceiling of the first wait, positive; default 500 ms
 * @param multiplier growth of the ceiling per attempt, at least 1; default 2
 * @param maxBackoff cap of the ceiling, at least initialBackoff; default 30 s
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff)
    implements Serializable {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number of at least 1, was " + multiplier);
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
    }
  }

  /** maxAttempts 6, initialBackoff 500 ms, multiplier 2, maxBackoff 30 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30));
  }

  /** Whether another attempt may follow {@code attemptsMade} failed ones. */
  public boolean shouldRetry(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }

  /**
   * The largest wait after failed attempt number {@code attempt} (1 for the first): {@code
   * min(maxBackoff, initialBackoff · multiplier^(attempt−1))}.
   */
  public Duration ceiling(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, attempt - 1.0);
    long max = maxBackoff.toNanos();
    return Duration.ofNanos(nanos >= max ? max : (long) nanos);
  }

  /**
   * The wait after failed attempt number {@code attempt} (1 for the first): uniform in [0, {@link
   * #ceiling}(attempt)], drawn from {@code random} (seed it in tests).
   */
  public Duration backoff(int attempt, RandomGenerator random) {
    if (random == null) {
      throw new IllegalArgumentException("random must not be null");
    }
    long ceiling = ceiling(attempt).toNanos();
    return Duration.ofNanos(
        ceiling == Long.MAX_VALUE ? random.nextLong(ceiling) : random.nextLong(ceiling + 1));
  }
}
