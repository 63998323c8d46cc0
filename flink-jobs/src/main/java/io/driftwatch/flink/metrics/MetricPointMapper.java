package io.driftwatch.flink.metrics;

import io.driftwatch.flink.influx.PointMapper;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/** Maps a {@link MetricPoint} one to one onto an InfluxDB point, time in milliseconds. */
public final class MetricPointMapper implements PointMapper<MetricPoint> {

  private static final long serialVersionUID = 1L;

  @Override
  public Point toPoint(MetricPoint metric) {
    Point.Builder point =
        Point.measurement(metric.measurement()).time(metric.timeMillis(), TimeUnit.MILLISECONDS);
    for (int i = 0; i < metric.tagKeys().length; i++) {
      point.tag(metric.tagKeys()[i], metric.tagValues()[i]);
    }
    for (int i = 0; i < metric.doubleKeys().length; i++) {
      point.addField(metric.doubleKeys()[i], metric.doubleValues()[i]);
    }
    for (int i = 0; i < metric.longKeys().length; i++) {
      point.addField(metric.longKeys()[i], metric.longValues()[i]);
    }
    return point.build();
  }
}
