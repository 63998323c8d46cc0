package io.driftwatch.flink.concept;

import io.driftwatch.flink.metrics.MetricPoint;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Emits one {@code concept_drift} point per detector and window (tags model, version, detector):
 * detected (0/1, any drift signal in the window), warning (0/1, DDM only), error_rate and n (the
 * detector's estimate and observation count at the window's last record), labeled (records in the
 * window). Keeps no state of its own.
 */
public final class EmitConceptDrift
    extends ProcessWindowFunction<DetectorObservation, MetricPoint, DetectorKey, TimeWindow> {

  private static final long serialVersionUID = 1L;

  public static final String MEASUREMENT = "concept_drift";

  /** The only detector with a warning zone. */
  static final String DDM = "ddm";

  @Override
  public void process(
      DetectorKey key,
      Context context,
      Iterable<DetectorObservation> merged,
      Collector<MetricPoint> out) {
    for (DetectorObservation o : merged) {
      MetricPoint.Builder point =
          MetricPoint.builder(MEASUREMENT, context.window().getEnd())
              .tag("model", key.model())
              .tag("version", key.version())
              .tag("detector", key.detector())
              .flag("detected", o.drift());
      if (DDM.equals(key.detector())) {
        point.flag("warning", o.warning());
      }
      out.collect(
          point
              .field("error_rate", o.errorRate())
              .field("n", o.observations())
              .field("labeled", o.labeled())
              .build());
    }
  }
}
