package io.driftwatch.flink.serving;

import io.driftwatch.flink.influx.PointMapper;
import io.driftwatch.flink.metrics.MetricPointMapper;
import org.influxdb.dto.Point;

/**
 * Maps a {@link ServingWindow} to a point of measurement {@value #MEASUREMENT}: tags model,
 * version, variant; time = window end in ms, so a replayed window overwrites its point. InfluxDB
 * has no empty tag values, so an empty version is left out (it reads back as {@code version = ''}).
 * The tags and fields are {@link ServingWindowPoints}', the same point the alert rules read.
 */
public final class ServingPointMapper implements PointMapper<ServingWindow> {

  private static final long serialVersionUID = 1L;

  public static final String MEASUREMENT = "serving";

  private final ServingWindowPoints points = new ServingWindowPoints();
  private final MetricPointMapper mapper = new MetricPointMapper();

  @Override
  public Point toPoint(ServingWindow window) {
    return mapper.toPoint(points.map(window));
  }
}
