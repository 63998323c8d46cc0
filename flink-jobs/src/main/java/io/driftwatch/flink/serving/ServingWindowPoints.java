package io.driftwatch.flink.serving;

import io.driftwatch.flink.metrics.MetricPoint;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Maps a {@link ServingWindow} to the {@link MetricPoint} of measurement {@code serving} that
 * {@link ServingPointMapper} writes (same tags, fields and time), so alert rules read serving
 * windows like every other window point. Stateless.
 */
public final class ServingWindowPoints implements MapFunction<ServingWindow, MetricPoint> {

  private static final long serialVersionUID = 1L;

  @Override
  public MetricPoint map(ServingWindow window) {
    return MetricPoint.builder(ServingPointMapper.MEASUREMENT, window.windowEnd())
        .tag("model", window.model())
        .tag("version", window.version())
        .tag("variant", window.variant())
        .field("requests", window.requests())
        .field("errors", window.errors())
        .field("error_rate", window.errorRate())
        .field("latency_p50_ms", window.latencyP50Ms())
        .field("latency_p95_ms", window.latencyP95Ms())
        .field("latency_p99_ms", window.latencyP99Ms())
        .field("throughput_rps", window.throughputRps())
        .build();
  }
}
