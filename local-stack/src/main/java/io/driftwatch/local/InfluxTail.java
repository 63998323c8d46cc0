package io.driftwatch.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Follows measurements the monitoring jobs write: each call returns the points written since the
 * previous call for that measurement, oldest first. Reading InfluxDB (not the jobs' memory) shows
 * what a dashboard would show. Not thread-safe: one caller polls.
 */
final class InfluxTail implements AutoCloseable {

  /** One point: its time (the window end), tags and fields. */
  record Point(Instant time, Map<String, String> tags, Map<String, Object> fields) {

    double number(String field) {
      Object value = fields.get(field);
      return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    String tag(String name) {
      return tags.getOrDefault(name, "");
    }

    /** A string field, or "" when the point has none. */
    String text(String field) {
      Object value = fields.get(field);
      return value == null ? "" : value.toString();
    }
  }

  private final InfluxDB influx;
  private final String database;
  private final Map<String, Instant> lastSeen = new HashMap<>();
  private final Map<String, Set<Point>> recentlyReturned = new HashMap<>();

  InfluxTail(String influxUrl, String database) {
    this.influx = InfluxDBFactory.connect(influxUrl);
    this.database = database;
  }

  /** New points of {@code measurement}, grouped by every tag, sorted by time. */
  List<Point> newPoints(String measurement) {
    return newPoints(measurement, Duration.ZERO);
  }

  /**
   * New points of {@code measurement}, also those written after a later one was returned, as long
   * as they are at most {@code overlap} older than the newest returned: alerts resolved as stale
   * carry the time the series went stale, which can be before an alert written just before them.
   * Every point is returned once.
   */
  List<Point> newPoints(String measurement, Duration overlap) {
    Instant newest = lastSeen.getOrDefault(measurement, Instant.EPOCH);
    Instant since = newest.equals(Instant.EPOCH) ? newest : newest.minus(overlap);
    QueryResult result =
        influx.query(
            new Query(
                "SELECT * FROM \""
                    + measurement
                    + "\" WHERE time > "
                    + TimeUnit.MILLISECONDS.toNanos(since.toEpochMilli())
                    + " GROUP BY *",
                database),
            TimeUnit.MILLISECONDS);
    List<Point> points = new ArrayList<>();
    if (result.hasError() || result.getResults() == null) {
      return points;
    }
    for (QueryResult.Result r : result.getResults()) {
      if (r.getSeries() == null) {
        continue;
      }
      for (QueryResult.Series series : r.getSeries()) {
        Map<String, String> tags = series.getTags() == null ? Map.of() : series.getTags();
        for (List<Object> row : series.getValues()) {
          Map<String, Object> fields = new LinkedHashMap<>();
          for (int i = 1; i < row.size(); i++) {
            fields.put(series.getColumns().get(i), row.get(i));
          }
          Instant time = Instant.ofEpochMilli(((Number) row.get(0)).longValue());
          points.add(new Point(time, tags, fields));
        }
      }
    }
    points.sort(Comparator.comparing(Point::time));
    if (overlap.isZero()) {
      if (!points.isEmpty()) {
        lastSeen.put(measurement, points.get(points.size() - 1).time());
      }
      return points;
    }
    Set<Point> returned = recentlyReturned.computeIfAbsent(measurement, m -> new HashSet<>());
    List<Point> unseen = new ArrayList<>();
    for (Point p : points) {
      if (returned.add(p)) {
        unseen.add(p);
      }
    }
    if (!points.isEmpty()) {
      Instant latest = points.get(points.size() - 1).time();
      lastSeen.put(measurement, latest.isAfter(newest) ? latest : newest);
    }
    Instant keepFrom = lastSeen.getOrDefault(measurement, Instant.EPOCH).minus(overlap);
    returned.removeIf(p -> p.time().isBefore(keepFrom));
    return unseen;
  }

  @Override
  public void close() {
    influx.close();
  }
}
