package io.driftwatch.flink.source;

import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** The watermark strategy for predictions, applied per Kafka partition at the source. */
public final class PredictionWatermarks {

  private PredictionWatermarks() {}

  /**
   * Event time from {@code event_time} (epoch ms) with {@link IdleAdvancingWatermarks}.
   *
   * <p>Idleness is handled by the generator itself, not {@link WatermarkStrategy#withIdleness}:
   * that wrapper would mark a silent split idle and swallow the advancing watermarks that close the
   * last windows once all traffic stopped. The generator marks idle whatever has seen no event for
   * the idle timeout: an empty partition, and a source subtask without partitions (more subtasks
   * than partitions), so neither holds back the job's watermark.
   *
   * @param outOfOrderness bounded out-of-orderness, default 2 s
   * @param idleTimeout time without events before watermarks advance by clock time, default 5 s
   */
  public static WatermarkStrategy<PredictionEvent> strategy(
      Duration outOfOrderness, Duration idleTimeout) {
    return WatermarkStrategy.<PredictionEvent>forGenerator(
            context ->
                new IdleAdvancingWatermarks<>(
                    outOfOrderness, idleTimeout, context.getInputActivityClock()))
        .withTimestampAssigner((event, recordTimestamp) -> event.getEventTime().toEpochMilli());
  }
}
