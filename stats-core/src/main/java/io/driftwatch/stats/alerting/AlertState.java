package io.driftwatch.stats.alerting;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/**
 * What {@link AlertEvaluator} remembers about one series between windows.
 *
 * @param consecutive consecutive windows, up to the latest, in which the firing condition held;
 *     capped at the rule's forWindows; 0 while firing is not pending
 * @param firing whether the alert is firing
 * @param startsAt the window end at which the alert fired; null unless firing
 * @param resolvedAt the window end of the last resolve, for the cooldown; null if never resolved
 * @param lastWindowEnd the latest window end evaluated; windows at or before it are ignored, so a
 *     replay changes nothing; null before the first window
 * @param windowLength the series' window length as seen: the shortest positive gap between two
 *     evaluated window ends (a window without a point does not lengthen it); null until a second
 *     window was evaluated. {@link AlertEvaluator#staleAt} counts staleness in it
 */
public record AlertState(
    int consecutive,
    boolean firing,
    Instant startsAt,
    Instant resolvedAt,
    Instant lastWindowEnd,
    Duration windowLength) {

  /** Version of the binary form written by {@link #toByteArray()}. */
  public static final byte FORMAT = 2;

  /** The previous binary form, without the window length; still read. */
  static final byte FORMAT_1 = 1;

  private static final int FIRING = 1;
  private static final int HAS_STARTS_AT = 2;
  private static final int HAS_RESOLVED_AT = 4;
  private static final int HAS_LAST_WINDOW_END = 8;
  private static final int HAS_WINDOW_LENGTH = 16;
  private static final int INSTANT_BYTES = Long.BYTES + Integer.BYTES;

  public AlertState {
    if (consecutive < 0) {
      throw new IllegalArgumentException("consecutive must be at least 0, was " + consecutive);
    }
    if (firing != (startsAt != null)) {
      throw new IllegalArgumentException(
          "startsAt must be set exactly while firing, firing=" + firing + " startsAt=" + startsAt);
    }
    if (windowLength != null && (windowLength.isZero() || windowLength.isNegative())) {
      throw new IllegalArgumentException("windowLength must be positive, was " + windowLength);
    }
  }

  /** A state whose window length is not known yet. */
  public AlertState(
      int consecutive,
      boolean firing,
      Instant startsAt,
      Instant resolvedAt,
      Instant lastWindowEnd) {
    this(consecutive, firing, startsAt, resolvedAt, lastWindowEnd, null);
  }

  /** A series never seen: nothing pending, not firing, never resolved. */
  public static AlertState initial() {
    return new AlertState(0, false, null, null, null, null);
  }

  /**
   * Binary form, big-endian: format byte ({@value #FORMAT}), a flags byte (1 firing, 2 startsAt, 4
   * resolvedAt, 8 lastWindowEnd, 16 windowLength present), consecutive as an int, then each present
   * instant and the window length in that order as seconds (long) and nanoseconds (int); 6 to 54
   * bytes. Format 1 is the same without the window length.
   */
  public byte[] toByteArray() {
    int flags =
        (firing ? FIRING : 0)
            | (startsAt != null ? HAS_STARTS_AT : 0)
            | (resolvedAt != null ? HAS_RESOLVED_AT : 0)
            | (lastWindowEnd != null ? HAS_LAST_WINDOW_END : 0)
            | (windowLength != null ? HAS_WINDOW_LENGTH : 0);
    ByteBuffer buffer =
        ByteBuffer.allocate(2 + Integer.BYTES + Integer.bitCount(flags >> 1) * INSTANT_BYTES);
    buffer.put(FORMAT).put((byte) flags).putInt(consecutive);
    put(buffer, startsAt);
    put(buffer, resolvedAt);
    put(buffer, lastWindowEnd);
    if (windowLength != null) {
      buffer.putLong(windowLength.getSeconds()).putInt(windowLength.getNano());
    }
    return buffer.array();
  }

  private static void put(ByteBuffer buffer, Instant instant) {
    if (instant != null) {
      buffer.putLong(instant.getEpochSecond()).putInt(instant.getNano());
    }
  }

  /**
   * Reads a state written by {@link #toByteArray()}, in this or the previous format.
   *
   * @throws IllegalArgumentException for an unknown format byte or truncated or inconsistent bytes
   */
  public static AlertState fromByteArray(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes must not be null");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      byte format = buffer.get();
      if (format != FORMAT && format != FORMAT_1) {
        throw new IllegalArgumentException(
            "unknown alert state format " + format + ", expected " + FORMAT);
      }
      int flags = buffer.get();
      if ((flags & ~(format == FORMAT ? 0x1F : 0xF)) != 0) {
        throw new IllegalArgumentException("corrupt alert state: flags " + flags);
      }
      int consecutive = buffer.getInt();
      Instant startsAt = (flags & HAS_STARTS_AT) != 0 ? get(buffer) : null;
      Instant resolvedAt = (flags & HAS_RESOLVED_AT) != 0 ? get(buffer) : null;
      Instant lastWindowEnd = (flags & HAS_LAST_WINDOW_END) != 0 ? get(buffer) : null;
      Duration windowLength =
          (flags & HAS_WINDOW_LENGTH) != 0
              ? Duration.ofSeconds(buffer.getLong(), buffer.getInt())
              : null;
      if (buffer.hasRemaining()) {
        throw new IllegalArgumentException("corrupt alert state: " + bytes.length + " bytes");
      }
      return new AlertState(
          consecutive, (flags & FIRING) != 0, startsAt, resolvedAt, lastWindowEnd, windowLength);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated alert state: " + bytes.length + " bytes", e);
    }
  }

  private static Instant get(ByteBuffer buffer) {
    return Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
  }
}
