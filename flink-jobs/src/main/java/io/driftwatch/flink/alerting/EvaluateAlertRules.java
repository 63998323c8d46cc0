package io.driftwatch.flink.alerting;

import io.driftwatch.flink.state.BinaryValueTypeInfo;
import io.driftwatch.schemas.Alert;
import io.driftwatch.stats.alerting.AlertEvaluator;
import io.driftwatch.stats.alerting.AlertRule;
import io.driftwatch.stats.alerting.AlertRules;
import io.driftwatch.stats.alerting.AlertState;
import io.driftwatch.stats.alerting.AlertTransition;
import java.util.HashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluates one alert series per key ({@link RuleSample#seriesId()}) with {@link
 * AlertEvaluator#evaluate} and emits an Avro {@link Alert} in the window where the alert fires or
 * resolves, nothing otherwise; a window end at or before the last one evaluated changes nothing, so
 * replays after a restore are idempotent.
 *
 * <p>State: one {@link AlertState} per series (6 to 42 bytes), never cleared, because it holds the
 * last evaluated window end that makes replays idempotent and the last resolve that the cooldown
 * counts from; a series is a rule times one tag set (e.g. model, version, feature), so state grows
 * with the versions ever served, not with traffic. No timers.
 */
public final class EvaluateAlertRules extends KeyedProcessFunction<String, RuleSample, Alert> {

  private static final long serialVersionUID = 1L;

  static final ValueStateDescriptor<AlertState> STATE =
      new ValueStateDescriptor<>(
          "alert-state",
          new BinaryValueTypeInfo<>(AlertState.class, AlertStateSerializer.INSTANCE));

  private final AlertRules rules;
  private transient ValueState<AlertState> state;

  public EvaluateAlertRules(AlertRules rules) {
    this.rules = rules;
  }

  @Override
  public void open(OpenContext context) {
    state = getRuntimeContext().getState(STATE);
  }

  @Override
  public void processElement(RuleSample input, Context ctx, Collector<Alert> out) throws Exception {
    AlertRule rule =
        rules
            .rule(input.rule())
            .orElseThrow(() -> new IllegalStateException("unknown alert rule " + input.rule()));
    AlertEvaluator.Result result = AlertEvaluator.evaluate(rule, state.value(), input.sample());
    state.update(result.state());
    result.transition().ifPresent(t -> out.collect(toAlert(t)));
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
