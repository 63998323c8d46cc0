package io.driftwatch.stats.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServingStatsTest {

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @Test
  void summarizesCountsRatesAndLatencyQuantiles() {
    ServingStats stats = ServingStats.empty();
    for (int ms = 1; ms <= 100; ms++) {
      stats.record(ms, ms % 4 == 0);
    }

    ServingSummary summary = stats.summarize(TEN_SECONDS);

    assertThat(summary.requests()).isEqualTo(100);
    assertThat(summary.errors()).isEqualTo(25);
    assertThat(summary.errorRate()).isEqualTo(0.25);
    assertThat(summary.throughputRps()).isEqualTo(10.0);
    // 100 values fit in the sketch exactly.
    assertThat(summary.latencyP50Ms()).isEqualTo(50);
    assertThat(summary.latencyP95Ms()).isEqualTo(95);
    assertThat(summary.latencyP99Ms()).isEqualTo(99);
  }

  @Test
  void throughputUsesFractionalWindowSeconds() {
    ServingStats stats = ServingStats.empty();
    stats.record(1, false);
    stats.record(2, false);
    stats.record(3, false);

    assertThat(stats.summarize(Duration.ofMillis(1500)).throughputRps())
        .isCloseTo(2.0, within(1e-12));
  }

  @Test
  void mergeAddsCountsAndLatencies() {
    ServingStats first = ServingStats.empty();
    first.record(10, false);
    ServingStats second = ServingStats.empty();
    second.record(30, true);
    second.record(20, false);

    first.merge(second);

    assertThat(first.requests()).isEqualTo(3);
    assertThat(first.errors()).isEqualTo(1);
    assertThat(first.latency().quantile(0.5)).isEqualTo(20);
    assertThat(second.requests()).isEqualTo(2);
  }

  @Test
  void roundTripsThroughItsByteFormat() {
    ServingStats stats = ServingStats.empty();
    for (int ms = 1; ms <= 5000; ms++) {
      stats.record(ms / 10.0, ms % 10 == 0);
    }

    ServingStats restored = ServingStats.fromByteArray(stats.toByteArray());

    assertThat(restored.summarize(TEN_SECONDS)).isEqualTo(stats.summarize(TEN_SECONDS));
  }

  @Test
  void rejectsUnknownFormatAndTruncatedBytes() {
    byte[] bytes = ServingStats.empty().toByteArray();
    bytes[0] = 9;

    assertThatThrownBy(() -> ServingStats.fromByteArray(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown serving stats format 9");
    assertThatThrownBy(() -> ServingStats.fromByteArray(new byte[] {ServingStats.FORMAT, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesToSummarizeAnEmptyWindow() {
    assertThatThrownBy(() -> ServingStats.empty().summarize(TEN_SECONDS))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void copyIsIndependentOfTheOriginal() {
    ServingStats original = ServingStats.empty();
    original.record(1, true);

    ServingStats copy = original.copy();
    copy.record(2, false);

    assertThat(original.requests()).isEqualTo(1);
    assertThat(copy.requests()).isEqualTo(2);
    assertThat(copy.errors()).isEqualTo(1);
  }
}
