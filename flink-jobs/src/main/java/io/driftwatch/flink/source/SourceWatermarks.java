package io.driftwatch.flink.source;

import io.driftwatch.schemas.DeadLetter;
import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.types.Either;

/**
 * The watermark strategies of the decoded sources, applied per Kafka partition at the source: event
 * time from the record's {@code event_time} (epoch ms) with {@link IdleAdvancingWatermarks}. Dead
 * letters keep the Kafka record's timestamp and never move the watermark, so a burst of garbage
 * cannot make good events late.
 *
 * <p>Idleness is handled by the generator itself, not {@link WatermarkStrategy#withIdleness}: that
 * wrapper would mark a silent split idle and swallow the advancing watermarks that close the last
 * windows once all traffic stopped. The generator marks idle whatever has seen no event for the
 * idle timeout: an empty partition (an empty {@code labels} topic of a model without ground truth),
 * and a source subtask without partitions, so neither holds back the job's watermark.
 */
public final class SourceWatermarks {

  private SourceWatermarks() {}

  /** Event time of a decoded record, epoch ms. */
  @FunctionalInterface
  public interface EventTime<T> extends Serializable {
    long millis(T record);
  }

  /**
   * @param outOfOrderness bounded out-of-orderness, default 2 s
   * @param idleTimeout time without events before watermarks advance by clock time, default 5 s
   */
  public static WatermarkStrategy<Either<DeadLetter, PredictionEvent>> predictions(
      Duration outOfOrderness, Duration idleTimeout) {
    return strategy(e -> e.getEventTime().toEpochMilli(), outOfOrderness, idleTimeout);
  }

  /** Labels' event time is when the gateway accepted the label. As {@link #predictions}. */
  public static WatermarkStrategy<Either<DeadLetter, LabelEvent>> labels(
      Duration outOfOrderness, Duration idleTimeout) {
    return strategy(e -> e.getEventTime().toEpochMilli(), outOfOrderness, idleTimeout);
  }

  static <T> WatermarkStrategy<Either<DeadLetter, T>> strategy(
      EventTime<T> eventTime, Duration outOfOrderness, Duration idleTimeout) {
    return WatermarkStrategy.<Either<DeadLetter, T>>forGenerator(
            context ->
                new DecodedOnly<>(
                    new IdleAdvancingWatermarks<>(
                        outOfOrderness, idleTimeout, context.getInputActivityClock())))
        .withTimestampAssigner(
            (record, kafkaTimestamp) ->
                record.isRight() ? eventTime.millis(record.right()) : kafkaTimestamp);
  }

  /** Passes only decoded records to the generator it wraps. */
  private record DecodedOnly<T>(WatermarkGenerator<Either<DeadLetter, T>> generator)
      implements WatermarkGenerator<Either<DeadLetter, T>> {

    @Override
    public void onEvent(Either<DeadLetter, T> record, long timestamp, WatermarkOutput output) {
      if (record.isRight()) {
        generator.onEvent(record, timestamp, output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      generator.onPeriodicEmit(output);
    }
  }
}
