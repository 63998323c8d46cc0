package io.driftwatch.flink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class IdleAdvancingWatermarksTest {

  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);
  private static final long T0 = 1_700_000_000_000L;

  private final ManualClock clock = new ManualClock(0);
  private final RecordingOutput output = new RecordingOutput();
  private final IdleAdvancingWatermarks<String> watermarks =
      new IdleAdvancingWatermarks<>(OUT_OF_ORDERNESS, IDLE_TIMEOUT, clock);

  @Test
  void trailsTheNewestEventByTheOutOfOrderness() {
    watermarks.onEvent("a", T0, output);
    watermarks.onEvent("late", T0 - 1000, output);
    watermarks.onPeriodicEmit(output);

    assertThat(output.lastWatermark()).isEqualTo(T0 - 2000 - 1);
  }

  @Test
  void holdsStillWhileTrafficPausesShorterThanTheIdleTimeout() {
    watermarks.onEvent("a", T0, output);
    clock.advanceTime(Duration.ofMillis(4999));
    watermarks.onPeriodicEmit(output);

    assertThat(output.lastWatermark()).isEqualTo(T0 - 2000 - 1);
  }

  @Test
  void advancesWithTheClockOnceTrafficStoppedForTheIdleTimeout() {
    watermarks.onEvent("a", T0, output);

    clock.advanceTime(IDLE_TIMEOUT);
    watermarks.onPeriodicEmit(output);
    assertThat(output.lastWatermark()).isEqualTo(T0 + 5000 - 2000 - 1);

    clock.advanceTime(Duration.ofSeconds(10));
    watermarks.onPeriodicEmit(output);
    assertThat(output.lastWatermark()).isEqualTo(T0 + 15_000 - 2000 - 1);
    assertThat(output.idle).isFalse();
  }

  @Test
  void returnsToEventTimeWatermarksWhenTrafficResumes() {
    watermarks.onEvent("a", T0, output);
    clock.advanceTime(Duration.ofSeconds(8));
    watermarks.onPeriodicEmit(output);

    watermarks.onEvent("b", T0 + 8000, output);
    watermarks.onPeriodicEmit(output);

    assertThat(output.watermarks).containsExactly(T0 + 8000 - 2001, T0 + 8000 - 2001);
  }

  @Test
  void replayedBacklogWithoutPausesKeepsPlainWatermarks() {
    long oldEventTime = T0 - Duration.ofDays(3).toMillis();
    for (int i = 0; i < 100; i++) {
      watermarks.onEvent("old", oldEventTime + i * 1000L, output);
      clock.advanceTime(Duration.ofMillis(10));
      watermarks.onPeriodicEmit(output);
    }

    assertThat(output.lastWatermark()).isEqualTo(oldEventTime + 99_000 - 2001);
  }

  @Test
  void marksASplitWithoutAnyEventIdleAfterTheIdleTimeout() {
    watermarks.onPeriodicEmit(output);
    assertThat(output.idle).isFalse();

    clock.advanceTime(IDLE_TIMEOUT);
    watermarks.onPeriodicEmit(output);

    assertThat(output.idle).isTrue();
    assertThat(output.watermarks).isEmpty();
  }

  @Test
  void rejectsNonPositiveIdleTimeoutAndNegativeOutOfOrderness() {
    assertThatThrownBy(() -> new IdleAdvancingWatermarks<>(OUT_OF_ORDERNESS, Duration.ZERO, clock))
        .hasMessageContaining("idle timeout");
    assertThatThrownBy(
            () -> new IdleAdvancingWatermarks<>(Duration.ofMillis(-1), IDLE_TIMEOUT, clock))
        .hasMessageContaining("out-of-orderness");
  }

  /** Records what the generator emits, as Flink's per-split output would receive it. */
  private static final class RecordingOutput implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    boolean idle;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }

    long lastWatermark() {
      assertThat(watermarks).isNotEmpty();
      return watermarks.get(watermarks.size() - 1);
    }
  }
}
