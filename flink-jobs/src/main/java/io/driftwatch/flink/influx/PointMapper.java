package io.driftwatch.flink.influx;

import java.io.Serializable;
import org.influxdb.dto.Point;

/**
 * Turns one record into one InfluxDB point. The point's time must be derived from the record (for
 * windows: the window end) so that writing the record again overwrites the same point.
 *
 * @param <T> record type
 */
@FunctionalInterface
public interface PointMapper<T> extends Serializable {

  Point toPoint(T record);
}
