package io.driftwatch.stats.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final RetryPolicy DEFAULTS = RetryPolicy.defaults();

  @Test
  void defaultsAreSixAttemptsFromHalfASecondDoublingUpToThirtySeconds() {
    assertThat(DEFAULTS)
        .isEqualTo(new RetryPolicy(6, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30)));
    assertThat(DEFAULTS.shouldRetry(5)).isTrue();
    assertThat(DEFAULTS.shouldRetry(6)).isFalse();
  }

  @Test
  void ceilingDoublesPerAttemptAndIsCappedAtMaxBackoff() {
    List<Duration> ceilings = new ArrayList<>();
    for (int attempt = 1; attempt <= 9; attempt++) {
      ceilings.add(DEFAULTS.ceiling(attempt));
    }

    assertThat(ceilings)
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    assertThat(DEFAULTS.ceiling(10_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void fullJitterStaysWithinZeroAndTheCeilingAndSpreadsOverIt() {
    SplittableRandom random = new SplittableRandom(42);
    for (int attempt = 1; attempt <= 8; attempt++) {
      Duration ceiling = DEFAULTS.ceiling(attempt);
      Duration min = ceiling;
      Duration max = Duration.ZERO;
      for (int i = 0; i < 1000; i++) {
        Duration wait = DEFAULTS.backoff(attempt, random);
        assertThat(wait).isBetween(Duration.ZERO, ceiling);
        min = wait.compareTo(min) < 0 ? wait : min;
        max = wait.compareTo(max) > 0 ? wait : max;
      }
      assertThat(min).as("attempt %d", attempt).isLessThan(ceiling.dividedBy(20));
      assertThat(max)
          .as("attempt %d", attempt)
          .isGreaterThan(ceiling.multipliedBy(19).dividedBy(20));
    }
  }

  @Test
  void theSameSeedGivesTheSameWaits() {
    SplittableRandom a = new SplittableRandom(7);
    SplittableRandom b = new SplittableRandom(7);

    for (int attempt = 1; attempt <= 6; attempt++) {
      assertThat(DEFAULTS.backoff(attempt, a)).isEqualTo(DEFAULTS.backoff(attempt, b));
    }
  }

  @Test
  void rejectsInvalidSettingsNamingTheArgument() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), 2, Duration.ofSeconds(1)))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, 2, Duration.ofSeconds(1)))
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(1), 0.5, Duration.ofSeconds(1)))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> DEFAULTS.backoff(0, new SplittableRandom(1)))
        .hasMessageContaining("attempt");
  }
}
