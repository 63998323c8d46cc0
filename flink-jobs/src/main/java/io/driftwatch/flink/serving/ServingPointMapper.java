package io.driftwatch.flink.serving;

import io.driftwatch.flink.influx.PointMapper;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * Maps a {@link ServingWindow} to a point of measurement {@value #MEASUREMENT}: tags model,
 * version, variant; time = window end in ms, so a replayed window overwrites its point. InfluxDB
 * has no empty tag values, so an empty version is left out (it reads back as {@code version = ''}).
 */
public final class ServingPointMapper implements PointMapper<ServingWindow> {

  private static final long serialVersionUID = 1L;

  public static final String MEASUREMENT = "serving";

  @Override
  public Point toPoint(ServingWindow window) {
    Point.Builder point =
        Point.measurement(MEASUREMENT)
            .time(window.windowEnd(), TimeUnit.MILLISECONDS)
            .tag("model", window.model())
            .tag("variant", window.variant())
            .addField("requests", window.requests())
            .addField("errors", window.errors())
            .addField("error_rate", window.errorRate())
            .addField("latency_p50_ms", window.latencyP50Ms())
            .addField("latency_p95_ms", window.latencyP95Ms())
            .addField("latency_p99_ms", window.latencyP99Ms())
            .addField("throughput_rps", window.throughputRps());
    if (!window.version().isEmpty()) {
      point.tag("version", window.version());
    }
    return point.build();
  }
}
