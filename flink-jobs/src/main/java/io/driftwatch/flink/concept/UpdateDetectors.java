package io.driftwatch.flink.concept;

import io.driftwatch.flink.drift.ModelVersionKey;
import io.driftwatch.flink.quality.LabeledPrediction;
import io.driftwatch.stats.concept.DetectorConfig;
import io.driftwatch.stats.concept.DetectorState;
import io.driftwatch.stats.concept.DriftDetector;
import io.driftwatch.stats.concept.DriftDetectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Feeds each labeled classification's error (1 wrong, 0 right) to every configured detector of its
 * model version in label-time order, and emits one {@link DetectorObservation} per detector and
 * record once the watermark passes the record's label time. The detectors live in keyed state as
 * their own bytes, one map entry per detector, never cleared (a few KiB per model version); records
 * wait in a second map by label time (one event-time timer per distinct label time), cleared when
 * their timer fires.
 *
 * <p>Why not arrival order: the records come from several label-join subtasks, interleaved as the
 * network delivers them, so a replay after a restart would feed the sequential detectors another
 * order and emit other results. Sorted by (label time, request id) behind the watermark, the order
 * and therefore the output are the same on every run. Regressions are skipped: DDM takes only 0/1
 * errors, and a normalized loss for ADWIN and Page-Hinkley would need a scale the job does not
 * know.
 */
public final class UpdateDetectors
    extends KeyedProcessFunction<ModelVersionKey, LabeledPrediction, DetectorObservation> {

  private static final long serialVersionUID = 1L;

  private static final Comparator<LabeledPrediction> BY_REQUEST_ID =
      Comparator.comparing(LabeledPrediction::requestId);

  private final List<DetectorConfig> configs;

  private transient MapState<String, byte[]> detectors;
  private transient MapState<Long, List<LabeledPrediction>> waiting;

  /**
   * @param configs one configuration per detector to run, distinct names
   */
  public UpdateDetectors(List<DetectorConfig> configs) {
    this.configs = List.copyOf(configs);
  }

  @Override
  public void open(OpenContext openContext) {
    detectors =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "detectors",
                    Types.STRING,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting",
                    Types.LONG,
                    Types.LIST(TypeInformation.of(LabeledPrediction.class))));
  }

  @Override
  public void processElement(
      LabeledPrediction record, Context ctx, Collector<DetectorObservation> out) throws Exception {
    if (!record.isClassification()) {
      return;
    }
    List<LabeledPrediction> atTime = waiting.get(record.labelTime());
    if (atTime == null) {
      atTime = new ArrayList<>();
      ctx.timerService().registerEventTimeTimer(record.labelTime());
    }
    atTime.add(record);
    waiting.put(record.labelTime(), atTime);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DetectorObservation> out)
      throws Exception {
    List<LabeledPrediction> due = new ArrayList<>(waiting.get(timestamp));
    waiting.remove(timestamp);
    due.sort(BY_REQUEST_ID);
    for (LabeledPrediction record : due) {
      update(record, out);
    }
  }

  private void update(LabeledPrediction record, Collector<DetectorObservation> out)
      throws Exception {
    double error = record.error();
    for (DetectorConfig config : configs) {
      byte[] bytes = detectors.get(config.detectorName());
      DriftDetector detector =
          bytes == null ? config.newDetector() : DriftDetectors.fromByteArray(bytes);
      DetectorState state = detector.update(error);
      detectors.put(config.detectorName(), detector.toByteArray());
      out.collect(
          new DetectorObservation(
              record.model(),
              record.version(),
              detector.name(),
              state == DetectorState.DRIFT,
              state == DetectorState.WARNING,
              detector.errorRate(),
              detector.observations(),
              1));
    }
  }
}
