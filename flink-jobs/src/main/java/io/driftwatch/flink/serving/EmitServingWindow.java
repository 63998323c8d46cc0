package io.driftwatch.flink.serving;

import java.time.Duration;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Emits one {@link ServingWindow} per key when its window fires, summarizing the pre-aggregated
 * accumulator with the window's bounds; keeps no state of its own.
 */
public final class EmitServingWindow
    extends ProcessWindowFunction<ServingAccumulator, ServingWindow, ServingKey, TimeWindow> {

  private static final long serialVersionUID = 1L;

  @Override
  public void process(
      ServingKey key,
      Context context,
      Iterable<ServingAccumulator> accumulators,
      Collector<ServingWindow> out) {
    TimeWindow window = context.window();
    Duration length = Duration.ofMillis(window.getEnd() - window.getStart());
    for (ServingAccumulator accumulator : accumulators) {
      out.collect(
          ServingWindow.of(
              key, window.getStart(), window.getEnd(), accumulator.stats().summarize(length)));
    }
  }
}
