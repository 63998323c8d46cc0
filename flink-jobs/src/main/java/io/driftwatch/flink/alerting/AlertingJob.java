package io.driftwatch.flink.alerting;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.flink.source.AvroSpecificTypeInfo;
import io.driftwatch.flink.source.IdleAdvancingWatermarks;
import io.driftwatch.schemas.Alert;
import io.driftwatch.stats.alerting.AlertRules;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Alerting topology: window points → event time from the points' window ends → one {@link
 * RuleSample} per matching rule → keyed by series → {@link EvaluateAlertRules} → FIRING and
 * RESOLVED {@link Alert}s. Only wires; the caller attaches the sinks ({@link #kafkaSink} and an
 * InfluxDB sink with {@link AlertPointMapper}).
 *
 * <p>The stale timers run on watermarks made here from the points themselves ({@link
 * IdleAdvancingWatermarks}: newest window end minus the out-of-orderness, advancing with the clock
 * once no point came for the idle timeout), not on the upstream watermarks: the points come from
 * windows of several lengths and from operators whose other inputs (the broadcast reference
 * profiles) carry no watermarks, so the upstream watermark of their union need not advance at all.
 */
public final class AlertingJob {

  private AlertingJob() {}

  /**
   * Windows of its own length a firing series may go without a point before it resolves as stale
   * ({@code --alert-stale-windows}).
   */
  public static final int DEFAULT_STALE_WINDOWS = 3;

  /**
   * {@link #buildTopology(DataStream, AlertRules, int, Duration, Duration)} with {@link
   * #DEFAULT_STALE_WINDOWS}, 2 s out-of-orderness and a 5 s idle timeout (the job's defaults).
   */
  public static DataStream<Alert> buildTopology(DataStream<MetricPoint> points, AlertRules rules) {
    return buildTopology(
        points, rules, DEFAULT_STALE_WINDOWS, Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  /**
   * The alerts caused by {@code points} under {@code rules}, in window order per series; a firing
   * series without a point for {@code staleWindows} of its windows resolves as stale (0: never).
   *
   * @param outOfOrderness how much older than the newest point a point may arrive
   * @param idleTimeout clock time without points after which event time follows the clock
   */
  public static DataStream<Alert> buildTopology(
      DataStream<MetricPoint> points,
      AlertRules rules,
      int staleWindows,
      Duration outOfOrderness,
      Duration idleTimeout) {
    return points
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<MetricPoint>forGenerator(
                    context ->
                        new IdleAdvancingWatermarks<>(
                            outOfOrderness, idleTimeout, context.getInputActivityClock()))
                .withTimestampAssigner((point, previous) -> point.timeMillis()))
        .name("alert-event-time")
        .uid("alert-event-time")
        .flatMap(new MatchAlertRules(rules))
        .name("match-alert-rules")
        .uid("match-alert-rules")
        .keyBy(RuleSample::seriesId, Types.STRING)
        .process(
            new EvaluateAlertRules(rules, staleWindows), new AvroSpecificTypeInfo<>(Alert.class))
        .name("evaluate-alert-rules")
        .uid("evaluate-alert-rules");
  }

  /**
   * The alerts topic sink, at least once: pending records are flushed on every checkpoint, so a
   * restore may repeat an alert (consumers deduplicate by fingerprint, state and window end).
   */
  public static KafkaSink<Alert> kafkaSink(String bootstrapServers, String topic) {
    return KafkaSink.<Alert>builder()
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(new AlertRecordSerializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
