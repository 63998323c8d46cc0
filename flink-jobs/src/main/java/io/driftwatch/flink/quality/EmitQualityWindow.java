package io.driftwatch.flink.quality;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Emits one {@link QualityWindow} per key when its window fires, unless nothing in it was usable;
 * keeps no state of its own.
 */
public final class EmitQualityWindow
    extends ProcessWindowFunction<QualityAccumulator, QualityWindow, QualityKey, TimeWindow> {

  private static final long serialVersionUID = 1L;

  @Override
  public void process(
      QualityKey key,
      Context context,
      Iterable<QualityAccumulator> elements,
      Collector<QualityWindow> out) {
    for (QualityAccumulator quality : elements) {
      if (quality.labeled() > 0) {
        out.collect(
            new QualityWindow(
                key.model(),
                key.version(),
                key.variant(),
                context.window().getStart(),
                context.window().getEnd(),
                quality));
      }
    }
  }
}
