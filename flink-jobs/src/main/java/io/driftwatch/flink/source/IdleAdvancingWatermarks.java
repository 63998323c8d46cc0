package io.driftwatch.flink.source;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Bounded out-of-orderness watermarks for one source split that keep advancing when its traffic
 * stops, so the last windows still close.
 *
 * <p>While events arrive the watermark is {@code maxEventTime - outOfOrderness - 1} ms, as with
 * {@link org.apache.flink.api.common.eventtime.WatermarkStrategy#forBoundedOutOfOrderness}. Once no
 * event arrived for {@code idleTimeout} of clock time, it becomes {@code maxEventTime +
 * sinceLastEvent - outOfOrderness - 1}: event time is assumed to pass like clock time, and an event
 * arriving later is late only if it is more than the out-of-orderness older than that. Replays (a
 * backlog read without pauses) never reach the idle timeout and keep plain bounded watermarks. A
 * split that has seen no event at all for {@code idleTimeout} is marked idle, so an empty Kafka
 * partition does not hold back the others; its first event marks it active again.
 *
 * <p>The clock should be the source's input activity clock, which stands still while the source is
 * backpressured, so a slow pipeline is not mistaken for silence. Called by one thread only.
 *
 * @param <T> event type
 */
public final class IdleAdvancingWatermarks<T> implements WatermarkGenerator<T> {

  private final long outOfOrdernessMillis;
  private final long idleTimeoutMillis;
  private final RelativeClock clock;
  private final long createdAt;

  private long maxEventTime = Long.MIN_VALUE;
  private long lastEventAt;
  private boolean seenEvent;

  /**
   * @param outOfOrderness how much older than the newest event a later event may be; at least 0
   * @param idleTimeout clock time without events after which the watermark advances; positive
   * @param clock relative clock measuring time without events
   */
  public IdleAdvancingWatermarks(
      Duration outOfOrderness, Duration idleTimeout, RelativeClock clock) {
    if (outOfOrderness.isNegative()) {
      throw new IllegalArgumentException("out-of-orderness must be >= 0, was " + outOfOrderness);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive, was " + idleTimeout);
    }
    this.outOfOrdernessMillis = outOfOrderness.toMillis();
    this.idleTimeoutMillis = idleTimeout.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.createdAt = clock.relativeTimeMillis();
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    maxEventTime = Math.max(maxEventTime, eventTimestamp);
    lastEventAt = clock.relativeTimeMillis();
    seenEvent = true;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = clock.relativeTimeMillis();
    if (!seenEvent) {
      if (now - createdAt >= idleTimeoutMillis) {
        output.markIdle();
      }
      return;
    }
    long sinceLastEvent = now - lastEventAt;
    long advance = sinceLastEvent >= idleTimeoutMillis ? sinceLastEvent : 0;
    output.emitWatermark(new Watermark(maxEventTime + advance - outOfOrdernessMillis - 1));
  }
}
