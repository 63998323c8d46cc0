package io.driftwatch.flink.drift;

import io.driftwatch.schemas.ModelEvent;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the broadcast {@code model-events} stream: the end of time, from the first periodic
 * emission on. Reference profiles are not windowed, but {@link DriftWindows} is a two-input
 * operator whose watermark is the smaller of its inputs'; without this its event-time timers would
 * never fire.
 */
final class ProfileWatermarks implements WatermarkGenerator<ModelEvent> {

  private ProfileWatermarks() {}

  static WatermarkStrategy<ModelEvent> strategy() {
    return WatermarkStrategy.<ModelEvent>forGenerator(context -> new ProfileWatermarks())
        .withTimestampAssigner((event, recordTimestamp) -> recordTimestamp);
  }

  @Override
  public void onEvent(ModelEvent event, long eventTimestamp, WatermarkOutput output) {}

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(new Watermark(Long.MAX_VALUE));
  }
}
