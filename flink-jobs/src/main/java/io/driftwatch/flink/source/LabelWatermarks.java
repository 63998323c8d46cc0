package io.driftwatch.flink.source;

import io.driftwatch.schemas.LabelEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermark strategy for labels, applied per Kafka partition at the source: event time from
 * {@code event_time} (when the gateway accepted the label, epoch ms) with {@link
 * IdleAdvancingWatermarks}, for the same reasons as {@link PredictionWatermarks}. An empty {@code
 * labels} topic is marked idle after {@code idleTimeout}, so a model without ground truth does not
 * hold back the label join's watermark.
 */
public final class LabelWatermarks {

  private LabelWatermarks() {}

  /**
   * @param outOfOrderness bounded out-of-orderness, default 2 s
   * @param idleTimeout time without labels before watermarks advance by clock time, default 5 s
   */
  public static WatermarkStrategy<LabelEvent> strategy(
      Duration outOfOrderness, Duration idleTimeout) {
    return WatermarkStrategy.<LabelEvent>forGenerator(
            context ->
                new IdleAdvancingWatermarks<>(
                    outOfOrderness, idleTimeout, context.getInputActivityClock()))
        .withTimestampAssigner((event, recordTimestamp) -> event.getEventTime().toEpochMilli());
  }
}
