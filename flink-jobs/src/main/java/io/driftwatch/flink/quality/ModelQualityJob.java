package io.driftwatch.flink.quality;

import io.driftwatch.flink.drift.ModelVersionKey;
import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.PredictionEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Wires model quality from late labels: answered predictions and labels keyed by request id into
 * the {@link LabelJoin}; the joined records keyed by (model, version, variant) into tumbling
 * event-time windows of label time → {@code model_quality}; those windows keyed by model into a
 * second window of the same size → {@code variant_comparison}; the join's outcomes per (model,
 * version) and window → {@code label_join}. Expects timestamps and watermarks on both inputs (at
 * the sources).
 */
public final class ModelQualityJob {

  /** Operator uids; keep them stable so savepoints stay restorable. */
  public static final String JOIN_UID = "label-join";

  public static final String WINDOW_UID = "quality-window";
  public static final String COMPARISON_UID = "variant-comparison";
  public static final String JOIN_COUNTS_UID = "label-join-counts";

  private ModelQualityJob() {}

  /**
   * The topology's outputs.
   *
   * @param labeled every joined prediction with its label, timestamped with the label time; the
   *     input of the concept-drift detectors
   * @param points {@code model_quality}, {@code variant_comparison} and {@code label_join}
   */
  public record Outputs(DataStream<LabeledPrediction> labeled, DataStream<MetricPoint> points) {}

  public static Outputs buildTopology(
      DataStream<PredictionEvent> predictions,
      DataStream<LabelEvent> labels,
      QualityJobConfig config) {
    SingleOutputStreamOperator<LabeledPrediction> labeled = join(predictions, labels, config);
    DataStream<QualityWindow> windows = qualityWindows(labeled, config);
    DataStream<MetricPoint> quality =
        windows
            .map(QualityPoints::modelQuality, TypeInformation.of(MetricPoint.class))
            .name("model-quality-points");
    DataStream<MetricPoint> comparisons = comparisons(windows, config);
    DataStream<MetricPoint> joinCounts =
        labeled
            .getSideOutput(LabelJoin.OUTCOMES)
            .keyBy(JoinOutcome::key, TypeInformation.of(ModelVersionKey.class))
            .window(TumblingEventTimeWindows.of(config.window()))
            .reduce(JoinOutcome::plus, new EmitJoinCounts(), TypeInformation.of(MetricPoint.class))
            .name("label-join-counts")
            .uid(JOIN_COUNTS_UID);
    return new Outputs(labeled, quality.union(comparisons, joinCounts));
  }

  /** Uid of the projection before the join; keep it stable so savepoints stay restorable. */
  public static final String PROJECTION_UID = "predictions-without-features";

  static SingleOutputStreamOperator<LabeledPrediction> join(
      DataStream<PredictionEvent> predictions,
      DataStream<LabelEvent> labels,
      QualityJobConfig config) {
    return predictions
        .filter(LabelJoin::joinable)
        .name("answered-predictions")
        .map(LabelJoin::withoutFeatures, predictions.getType())
        .name("predictions-without-features")
        .uid(PROJECTION_UID)
        .connect(labels)
        .keyBy(PredictionEvent::getRequestId, LabelEvent::getRequestId, Types.STRING)
        .process(new LabelJoin(config.labelMaxDelay()), TypeInformation.of(LabeledPrediction.class))
        .name("label-join")
        .uid(JOIN_UID);
  }

  static DataStream<MetricPoint> comparisons(
      DataStream<QualityWindow> windows, QualityJobConfig config) {
    return windows
        .keyBy(QualityWindow::model, Types.STRING)
        .window(TumblingEventTimeWindows.of(config.window()))
        .process(
            new CompareVariants(config.comparisonMinSamples()),
            TypeInformation.of(MetricPoint.class))
        .name("variant-comparison")
        .uid(COMPARISON_UID);
  }

  static DataStream<QualityWindow> qualityWindows(
      DataStream<LabeledPrediction> labeled, QualityJobConfig config) {
    return labeled
        .keyBy(QualityKey::of, TypeInformation.of(QualityKey.class))
        .window(TumblingEventTimeWindows.of(config.window()))
        .aggregate(
            new QualityAggregate(),
            new EmitQualityWindow(),
            TypeInformation.of(QualityAccumulator.class),
            TypeInformation.of(QualityAccumulator.class),
            TypeInformation.of(QualityWindow.class))
        .name("quality-window")
        .uid(WINDOW_UID);
  }
}
