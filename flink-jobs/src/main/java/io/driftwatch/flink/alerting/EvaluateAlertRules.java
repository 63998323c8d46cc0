package io.driftwatch.flink.alerting;

import io.driftwatch.flink.state.BinaryValueTypeInfo;
import io.driftwatch.schemas.Alert;
import io.driftwatch.stats.alerting.AlertEvaluator;
import io.driftwatch.stats.alerting.AlertRule;
import io.driftwatch.stats.alerting.AlertRules;
import io.driftwatch.stats.alerting.AlertState;
import io.driftwatch.stats.alerting.AlertTransition;
import io.driftwatch.stats.alerting.SeriesKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluates one alert series per key ({@link RuleSample#seriesId()}) with {@link
 * AlertEvaluator#evaluate} and emits an Avro {@link Alert} in the window where the alert fires or
 * resolves, and a RESOLVED one when a firing series has gone {@code staleWindows} of its windows
 * without a point (event time, {@link AlertEvaluator#staleAt}); nothing otherwise. A window end at
 * or before the last one evaluated changes nothing, so replays after a restore are idempotent.
 *
 * <p>State: one {@link AlertState} per series (6 to 54 bytes), kept while the series reports
 * because it holds the last evaluated window end that makes replays idempotent and the last resolve
 * that the cooldown counts from; cleared when the series is resolved as stale (it then starts over
 * if it ever reports again). Timers: at most one event-time timer per series, at its stale instant
 * while it fires, moved on every new window and deleted when it resolves. End of input (the final
 * watermark) is not staleness: firing series stay firing.
 */
public final class EvaluateAlertRules extends KeyedProcessFunction<String, RuleSample, Alert> {

  private static final long serialVersionUID = 1L;

  static final ValueStateDescriptor<AlertState> STATE =
      new ValueStateDescriptor<>(
          "alert-state",
          new BinaryValueTypeInfo<>(AlertState.class, AlertStateSerializer.INSTANCE));

  private final AlertRules rules;
  private final int staleWindows;
  private transient ValueState<AlertState> state;

  /**
   * @param staleWindows windows of a firing series' own length without a point after which it
   *     resolves as stale; 0 never
   */
  public EvaluateAlertRules(AlertRules rules, int staleWindows) {
    if (staleWindows < 0) {
      throw new IllegalArgumentException("staleWindows must be at least 0, was " + staleWindows);
    }
    this.rules = rules;
    this.staleWindows = staleWindows;
  }

  @Override
  public void open(OpenContext context) {
    state = getRuntimeContext().getState(STATE);
  }

  @Override
  public void processElement(RuleSample input, Context ctx, Collector<Alert> out) throws Exception {
    AlertState before = state.value();
    AlertEvaluator.Result result =
        AlertEvaluator.evaluate(rule(input.rule()), before, input.sample());
    Optional<Instant> staleBefore = AlertEvaluator.staleAt(before, staleWindows);
    Optional<Instant> staleAfter = AlertEvaluator.staleAt(result.state(), staleWindows);
    if (!staleBefore.equals(staleAfter)) {
      staleBefore.ifPresent(t -> ctx.timerService().deleteEventTimeTimer(t.toEpochMilli()));
      staleAfter.ifPresent(t -> ctx.timerService().registerEventTimeTimer(t.toEpochMilli()));
    }
    state.update(result.state());
    result.transition().ifPresent(t -> out.collect(toAlert(t)));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return;
    }
    AlertState current = state.value();
    Optional<Instant> staleAt = AlertEvaluator.staleAt(current, staleWindows);
    if (staleAt.isEmpty() || staleAt.get().toEpochMilli() != timestamp) {
      return;
    }
    SeriesKey series = SeriesKey.parse(ctx.getCurrentKey());
    out.collect(
        toAlert(AlertEvaluator.resolveStale(rule(series.rule()), series, current, staleWindows)));
    state.clear();
  }

  private AlertRule rule(String name) {
    return rules
        .rule(name)
        .orElseThrow(() -> new IllegalStateException("unknown alert rule " + name));
  }

  /** The wire form of a transition; model and version are empty when the series has no such tag. */
  static Alert toAlert(AlertTransition t) {
    return Alert.newBuilder()
        .setRule(t.rule())
        .setSeverity(t.severity().label())
        .setModel(t.labels().getOrDefault("model", ""))
        .setVersion(t.labels().getOrDefault("version", ""))
        .setState(io.driftwatch.schemas.AlertState.valueOf(t.status().name()))
        .setValue(t.value())
        .setThreshold(t.threshold())
        .setMessage(t.summary())
        .setLabels(new HashMap<>(t.labels()))
        .setFingerprint(t.fingerprint())
        .setStartsAt(t.startsAt())
        .setEndsAt(t.endsAt())
        .setWindowEnd(t.windowEnd())
        .build();
  }
}
