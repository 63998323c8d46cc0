package io.driftwatch.flink;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.embedded.InfluxdServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * What the whole-job integration tests share: a MiniCluster at parallelism {@value #PARALLELISM},
 * the test Flink configuration (no restarts, no Kryo), a byte-array producer for the real broker,
 * and InfluxQL reads from the real influxd.
 */
public final class JobTestKit {

  public static final int PARALLELISM = 2;

  private JobTestKit() {}

  /** One task manager with {@value #PARALLELISM} slots. */
  public static MiniClusterExtension miniCluster() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .build());
  }

  /** A failing job fails the test instead of restarting forever; generic types are refused. */
  public static Configuration flinkConf() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    return conf;
  }

  public static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Rows of the first series, each starting with the point time in epoch ms; none before the
   * database exists (it is created with the first write).
   */
  public static List<List<Object>> rows(InfluxdServer influxd, String database, String influxQl) {
    try (InfluxDB client = InfluxDBFactory.connect(influxd.url())) {
      QueryResult result = client.query(new Query(influxQl, database), TimeUnit.MILLISECONDS);
      List<QueryResult.Series> series = result.getResults().get(0).getSeries();
      return series == null ? List.of() : series.get(0).getValues();
    }
  }

  /** Polls {@link #rows} every 500 ms until {@code done} holds or {@code timeout} passed. */
  public static List<List<Object>> awaitRows(
      InfluxdServer influxd,
      String database,
      String influxQl,
      Predicate<List<List<Object>>> done,
      Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<List<Object>> rows = rows(influxd, database, influxQl);
    while (!done.test(rows) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      rows = rows(influxd, database, influxQl);
    }
    return rows;
  }
}
