package io.driftwatch.flink.influx;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parallel instance of {@link InfluxDbSink}.
 *
 * <p>Buffers at most {@code batchSize} points. When the buffer is full, {@link #write} writes it
 * synchronously before returning, so a slow or unreachable InfluxDB backpressures the job instead
 * of growing memory. The buffer is also written by a processing-time timer {@code flushInterval}
 * after its first point, and by {@link #flush} at every checkpoint and at end of input, which makes
 * the sink at least once. A failed write is retried with exponential backoff ({@code
 * initialBackoff} doubling up to {@code maxBackoff}) for up to {@code maxAttempts} attempts; then
 * the writer throws, the job fails and restarts from its last checkpoint. Errors InfluxDB reports
 * as not worth retrying (for example a malformed point) fail at once. The database is created
 * (idempotently) before the first write and again after any failed attempt, so a lost database is
 * re-created.
 *
 * <p>Called only from the task's mailbox thread, like every {@link SinkWriter}; not thread-safe.
 *
 * @param <T> record type
 */
final class InfluxDbWriter<T> implements SinkWriter<T> {

  private static final Logger LOG = LoggerFactory.getLogger(InfluxDbWriter.class);

  private final InfluxDbSinkConfig config;
  private final PointMapper<T> mapper;
  private final InfluxDB influx;
  private final ProcessingTimeService timers;
  private final List<Point> buffer;
  private final Counter pointsWritten;
  private final Counter writeRetries;

  private boolean databaseEnsured;
  private boolean timerPending;

  InfluxDbWriter(
      InfluxDbSinkConfig config,
      PointMapper<T> mapper,
      InfluxDB influx,
      ProcessingTimeService timers,
      MetricGroup metrics) {
    this.config = Objects.requireNonNull(config, "config");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.influx = Objects.requireNonNull(influx, "influx");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.buffer = new ArrayList<>(config.batchSize());
    this.pointsWritten = metrics.counter("influxPointsWritten");
    this.writeRetries = metrics.counter("influxWriteRetries");
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    buffer.add(mapper.toPoint(element));
    if (buffer.size() >= config.batchSize()) {
      writeBuffer();
    } else if (!timerPending) {
      timerPending = true;
      long due = timers.getCurrentProcessingTime() + config.flushInterval().toMillis();
      timers.registerTimer(due, time -> onFlushTimer());
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    writeBuffer();
  }

  private void onFlushTimer() throws IOException, InterruptedException {
    timerPending = false;
    writeBuffer();
  }

  /** Number of points waiting to be written, 0..batchSize. */
  int buffered() {
    return buffer.size();
  }

  private void writeBuffer() throws IOException, InterruptedException {
    if (buffer.isEmpty()) {
      return;
    }
    BatchPoints batch =
        BatchPoints.database(config.database())
            .precision(TimeUnit.MILLISECONDS)
            .points(buffer)
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        ensureDatabase();
        influx.write(batch);
        break;
      } catch (InfluxDBException e) {
        // A missing database (e.g. an influxd started on a fresh data directory) is re-created.
        boolean retryable =
            e.isRetryWorth() || e instanceof InfluxDBException.DatabaseNotFoundException;
        if (!retryable || attempt >= config.maxAttempts()) {
          throw new IOException(
              "writing "
                  + buffer.size()
                  + " points to InfluxDB "
                  + config.url()
                  + " failed after "
                  + attempt
                  + " attempt(s): "
                  + e.getMessage(),
              e);
        }
        Duration backoff = config.backoffAfter(attempt);
        LOG.warn(
            "Writing {} points to InfluxDB {} failed (attempt {} of {}), retrying in {} ms: {}",
            buffer.size(),
            config.url(),
            attempt,
            config.maxAttempts(),
            backoff.toMillis(),
            e.getMessage());
        writeRetries.inc();
        databaseEnsured = false;
        Thread.sleep(backoff.toMillis());
      }
    }
    pointsWritten.inc(buffer.size());
    buffer.clear();
  }

  private void ensureDatabase() {
    if (databaseEnsured) {
      return;
    }
    // CREATE DATABASE is idempotent in InfluxDB 1.x.
    QueryResult result = influx.query(new Query("CREATE DATABASE \"" + config.database() + "\""));
    if (result.hasError()) {
      throw new InfluxDBException("CREATE DATABASE failed: " + result.getError());
    }
    databaseEnsured = true;
  }

  @Override
  public void close() {
    influx.close();
  }
}
