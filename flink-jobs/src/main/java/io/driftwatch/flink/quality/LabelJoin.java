package io.driftwatch.flink.quality;

import io.driftwatch.flink.source.AvroSpecificTypeInfo;
import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins predictions and labels keyed by request id in event time and emits one {@link
 * LabeledPrediction} per prediction whose label came at most {@code maxDelay} after it; every other
 * outcome goes to the {@link #OUTCOMES} side output and to the counters {@value #MATCHED_METRIC},
 * {@value #EXPIRED_METRIC}, {@value #UNMATCHED_METRIC} and {@value #UNUSABLE_METRIC}. Each key
 * holds at most one prediction, one label and one event-time timer; the timer clears all three.
 *
 * <p>Whichever arrives first waits up to {@code maxDelay} of event time for the other, so a label
 * read before its prediction (another partition, another source) still joins. A match is released
 * by a timer at the label's event time (or just past the watermark, if the label itself was late),
 * so the emitted record carries the label time as its timestamp and downstream windows count "the
 * labels that arrived in this window". Timers fire in timestamp order, so each subtask releases its
 * matches in label-time order.
 */
public final class LabelJoin
    extends KeyedCoProcessFunction<String, PredictionEvent, LabelEvent, LabeledPrediction> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<JoinOutcome> OUTCOMES =
      new OutputTag<>("label-join-outcomes", TypeInformation.of(JoinOutcome.class));

  public static final String MATCHED_METRIC = "labelsMatched";
  public static final String EXPIRED_METRIC = "predictionsExpiredUnlabeled";
  public static final String UNMATCHED_METRIC = "labelsLateOrUnmatched";
  public static final String UNUSABLE_METRIC = "labelsUnusable";

  private final long maxDelayMillis;

  private transient ValueState<PredictionEvent> prediction;
  private transient ValueState<LabelEvent> label;
  private transient ValueState<Long> timer;
  private transient Counter matched;
  private transient Counter expired;
  private transient Counter unmatched;
  private transient Counter unusable;

  /**
   * @param maxDelay longest label time − prediction time that still joins, positive
   */
  public LabelJoin(Duration maxDelay) {
    this.maxDelayMillis = maxDelay.toMillis();
  }

  /** Whether a prediction can get a label: answered, with a predicted class or a score. */
  public static boolean joinable(PredictionEvent event) {
    return event.getStatus() == PredictionStatus.OK
        && (event.getPredictedClass() != null || event.getScore() != null);
  }

  @Override
  public void open(OpenContext openContext) {
    prediction =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "prediction", new AvroSpecificTypeInfo<>(PredictionEvent.class)));
    label =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("label", new AvroSpecificTypeInfo<>(LabelEvent.class)));
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
    var metrics = getRuntimeContext().getMetricGroup();
    matched = metrics.counter(MATCHED_METRIC);
    expired = metrics.counter(EXPIRED_METRIC);
    unmatched = metrics.counter(UNMATCHED_METRIC);
    unusable = metrics.counter(UNUSABLE_METRIC);
  }

  @Override
  public void processElement1(PredictionEvent event, Context ctx, Collector<LabeledPrediction> out)
      throws Exception {
    if (prediction.value() != null) {
      return; // a redelivered prediction: the first one stays
    }
    prediction.update(withoutFeatures(event));
    LabelEvent waiting = label.value();
    long predictionTime = event.getEventTime().toEpochMilli();
    if (waiting == null) {
      schedule(ctx, predictionTime + maxDelayMillis);
    } else if (withinDelay(event, waiting)) {
      schedule(ctx, releaseTime(ctx, event, waiting));
    } // else the label's timer reports both
  }

  @Override
  public void processElement2(LabelEvent event, Context ctx, Collector<LabeledPrediction> out)
      throws Exception {
    if (label.value() != null) {
      report(ctx, JoinOutcome.unmatchedLabel()); // a second label for one request
      return;
    }
    label.update(event);
    PredictionEvent waiting = prediction.value();
    if (waiting == null) {
      schedule(ctx, event.getEventTime().toEpochMilli() + maxDelayMillis);
    } else if (withinDelay(waiting, event)) {
      schedule(ctx, releaseTime(ctx, waiting, event));
    } // else the prediction's timer reports both
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabeledPrediction> out)
      throws Exception {
    PredictionEvent p = prediction.value();
    LabelEvent l = label.value();
    prediction.clear();
    label.clear();
    timer.clear();
    if (p != null && l != null && withinDelay(p, l)) {
      LabeledPrediction joined = LabeledPrediction.of(p, l);
      if (joined.isClassification() || joined.isRegression()) {
        out.collect(joined);
        report(ctx, JoinOutcome.matched(p.getModel(), p.getVersion()));
      } else {
        report(ctx, JoinOutcome.unusable(p.getModel(), p.getVersion()));
      }
      return;
    }
    if (p != null) {
      report(ctx, JoinOutcome.expired(p.getModel(), p.getVersion()));
    }
    if (l != null) {
      report(ctx, JoinOutcome.unmatchedLabel());
    }
  }

  private boolean withinDelay(PredictionEvent p, LabelEvent l) {
    return l.getEventTime().toEpochMilli() - p.getEventTime().toEpochMilli() <= maxDelayMillis;
  }

  /** The label time, but never at or behind the watermark, where the output would be late. */
  private static long releaseTime(Context ctx, PredictionEvent p, LabelEvent l) {
    long time = Math.max(l.getEventTime().toEpochMilli(), p.getEventTime().toEpochMilli());
    long watermark = ctx.timerService().currentWatermark();
    return watermark == Long.MIN_VALUE ? time : Math.max(time, watermark + 1);
  }

  private void schedule(Context ctx, long time) throws Exception {
    Long previous = timer.value();
    if (previous != null) {
      ctx.timerService().deleteEventTimeTimer(previous);
    }
    ctx.timerService().registerEventTimeTimer(time);
    timer.update(time);
  }

  private void report(Context ctx, JoinOutcome outcome) {
    matched.inc(outcome.matched());
    expired.inc(outcome.expired());
    unmatched.inc(outcome.lateOrUnmatched());
    unusable.inc(outcome.unusable());
    ctx.output(OUTCOMES, outcome);
  }

  /**
   * The prediction without its feature maps: the join never reads them (the drift windows have
   * them), so they neither cross the network to the join nor wait in its state.
   */
  static PredictionEvent withoutFeatures(PredictionEvent event) {
    if (event.getNumericFeatures().isEmpty() && event.getCategoricalFeatures().isEmpty()) {
      return event;
    }
    return PredictionEvent.newBuilder(event)
        .setNumericFeatures(Map.of())
        .setCategoricalFeatures(Map.of())
        .build();
  }
}
