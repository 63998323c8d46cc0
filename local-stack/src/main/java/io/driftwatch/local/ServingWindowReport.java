package io.driftwatch.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Reads the {@code serving} points the monitoring job wrote since the last call, oldest first, and
 * formats one console line per window. Reading InfluxDB (not the job's memory) shows what a
 * dashboard would show. Not thread-safe: one caller polls.
 */
final class ServingWindowReport implements AutoCloseable {

  private final InfluxDB influx;
  private final String database;
  private Instant lastSeen = Instant.EPOCH;

  ServingWindowReport(String influxUrl, String database) {
    this.influx = InfluxDBFactory.connect(influxUrl);
    this.database = database;
  }

  /** One parsed {@code serving} point. */
  record Line(
      Instant windowEnd,
      String model,
      String version,
      String variant,
      long requests,
      long errors,
      double errorRate,
      double p50,
      double p95,
      double p99,
      double rps) {

    String format() {
      return String.format(
          Locale.ROOT,
          "%s  %s v%s %-9s requests=%-5d errors=%-4d (%5.1f%%)  p50=%.2fms p95=%.2fms"
              + " p99=%.2fms  %.1f req/s",
          windowEnd,
          model,
          version,
          variant,
          requests,
          errors,
          errorRate * 100,
          p50,
          p95,
          p99,
          rps);
    }
  }

  /** Windows written since the previous call, by window end. */
  List<Line> newWindows() {
    QueryResult result =
        influx.query(
            new Query(
                "SELECT requests, errors, error_rate, latency_p50_ms, latency_p95_ms,"
                    + " latency_p99_ms, throughput_rps FROM serving WHERE time > "
                    + TimeUnit.MILLISECONDS.toNanos(lastSeen.toEpochMilli())
                    + " GROUP BY model, version, variant",
                database),
            TimeUnit.MILLISECONDS);
    List<Line> lines = new ArrayList<>();
    if (result.hasError() || result.getResults() == null) {
      return lines;
    }
    for (QueryResult.Result r : result.getResults()) {
      if (r.getSeries() == null) {
        continue;
      }
      for (QueryResult.Series series : r.getSeries()) {
        Map<String, String> tags = series.getTags();
        for (List<Object> row : series.getValues()) {
          lines.add(
              new Line(
                  Instant.ofEpochMilli(((Number) row.get(0)).longValue()),
                  tags.get("model"),
                  tags.get("version"),
                  tags.get("variant"),
                  asLong(row.get(1)),
                  asLong(row.get(2)),
                  asDouble(row.get(3)),
                  asDouble(row.get(4)),
                  asDouble(row.get(5)),
                  asDouble(row.get(6)),
                  asDouble(row.get(7))));
        }
      }
    }
    lines.sort(java.util.Comparator.comparing(Line::windowEnd));
    if (!lines.isEmpty()) {
      lastSeen = lines.get(lines.size() - 1).windowEnd();
    }
    return lines;
  }

  private static long asLong(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static double asDouble(Object value) {
    return value == null ? Double.NaN : ((Number) value).doubleValue();
  }

  @Override
  public void close() {
    influx.close();
  }
}
