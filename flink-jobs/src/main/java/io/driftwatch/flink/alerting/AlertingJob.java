package io.driftwatch.flink.alerting;

import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.flink.source.AvroSpecificTypeInfo;
import io.driftwatch.schemas.Alert;
import io.driftwatch.stats.alerting.AlertRules;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Alerting topology: window points → one {@link RuleSample} per matching rule → keyed by series →
 * {@link EvaluateAlertRules} → FIRING and RESOLVED {@link Alert}s. Only wires; the caller attaches
 * the sinks ({@link #kafkaSink} and an InfluxDB sink with {@link AlertPointMapper}).
 */
public final class AlertingJob {

  private AlertingJob() {}

  /**
   * Windows of its own length a firing series may go without a point before it resolves as stale
   * ({@code --alert-stale-windows}).
   */
  public static final int DEFAULT_STALE_WINDOWS = 3;

  /** {@link #buildTopology(DataStream, AlertRules, int)} with {@link #DEFAULT_STALE_WINDOWS}. */
  public static DataStream<Alert> buildTopology(DataStream<MetricPoint> points, AlertRules rules) {
    return buildTopology(points, rules, DEFAULT_STALE_WINDOWS);
  }

  /**
   * The alerts caused by {@code points} under {@code rules}, in window order per series; a firing
   * series without a point for {@code staleWindows} of its windows resolves as stale (0: never).
   */
  public static DataStream<Alert> buildTopology(
      DataStream<MetricPoint> points, AlertRules rules, int staleWindows) {
    return points
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
