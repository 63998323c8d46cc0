package io.driftwatch.flink.concept;

import io.driftwatch.flink.drift.ModelVersionKey;
import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.flink.quality.LabeledPrediction;
import io.driftwatch.stats.concept.DetectorConfig;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Wires the concept-drift detectors: labeled predictions keyed by (model, version) into {@link
 * UpdateDetectors}, whose observations are merged per (model, version, detector) over tumbling
 * event-time windows of label time → {@code concept_drift}, point time = window end.
 *
 * <p>Order: a detector sees its version's records in label-time order (ties by request id) once the
 * watermark passed them, whatever order the label-join subtasks delivered them in; see {@link
 * UpdateDetectors}.
 */
public final class ConceptDriftJob {

  /** Operator uids; keep them stable so savepoints stay restorable. */
  public static final String DETECTORS_UID = "concept-detectors";

  public static final String WINDOW_UID = "concept-drift-window";

  private ConceptDriftJob() {}

  public static DataStream<MetricPoint> buildTopology(
      DataStream<LabeledPrediction> labeled, List<DetectorConfig> detectors, Duration window) {
    return labeled
        .keyBy(
            p -> new ModelVersionKey(p.model(), p.version()),
            TypeInformation.of(ModelVersionKey.class))
        .process(new UpdateDetectors(detectors), TypeInformation.of(DetectorObservation.class))
        .name("concept-detectors")
        .uid(DETECTORS_UID)
        .keyBy(DetectorObservation::key, TypeInformation.of(DetectorKey.class))
        .window(TumblingEventTimeWindows.of(window))
        .reduce(
            DetectorObservation::merge,
            new EmitConceptDrift(),
            TypeInformation.of(MetricPoint.class))
        .name("concept-drift-window")
        .uid(WINDOW_UID);
  }
}
