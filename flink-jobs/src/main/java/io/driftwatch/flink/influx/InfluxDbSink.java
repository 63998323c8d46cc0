package io.driftwatch.flink.influx;

import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/**
 * Writes records to InfluxDB 1.x as points, at least once: each parallel {@link InfluxDbWriter}
 * buffers up to {@link InfluxDbSinkConfig#batchSize()} points and writes them when the buffer is
 * full, when the oldest has waited {@link InfluxDbSinkConfig#flushInterval()}, and at every
 * checkpoint and end of input. Replays after a restart write the same points again, which is
 * harmless when the {@link PointMapper} derives each point's series and time from the record.
 *
 * @param <T> record type
 */
public final class InfluxDbSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READ_WRITE_TIMEOUT = Duration.ofSeconds(10);

  private final InfluxDbSinkConfig config;
  private final PointMapper<T> mapper;

  public InfluxDbSink(InfluxDbSinkConfig config, PointMapper<T> mapper) {
    this.config = Objects.requireNonNull(config, "config");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new InfluxDbWriter<>(
        config, mapper, connect(config), context.getProcessingTimeService(), context.metricGroup());
  }

  /** A client with bounded timeouts (connect 2 s, read and write 10 s); does not connect yet. */
  static InfluxDB connect(InfluxDbSinkConfig config) {
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(CONNECT_TIMEOUT)
            .readTimeout(READ_WRITE_TIMEOUT)
            .writeTimeout(READ_WRITE_TIMEOUT);
    String url = config.url().toString();
    InfluxDB client =
        config.user() == null
            ? InfluxDBFactory.connect(url, http)
            : InfluxDBFactory.connect(url, config.user(), config.password(), http);
    return client.setLogLevel(InfluxDB.LogLevel.NONE);
  }
}
