package io.driftwatch.flink.drift;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Emits one {@link LiveWindow} per key when its window fires, unless the window saw no answered
 * prediction (only refused requests); keeps no state of its own.
 */
public final class EmitLiveWindow
    extends ProcessWindowFunction<LiveProfile, LiveWindow, FeatureShardKey, TimeWindow> {

  private static final long serialVersionUID = 1L;

  @Override
  public void process(
      FeatureShardKey key,
      Context context,
      Iterable<LiveProfile> profiles,
      Collector<LiveWindow> out) {
    TimeWindow window = context.window();
    for (LiveProfile profile : profiles) {
      if (profile.rows() > 0) {
        out.collect(
            new LiveWindow(
                key.model(),
                key.version(),
                key.shard(),
                window.getStart(),
                window.getEnd(),
                profile));
      }
    }
  }
}
