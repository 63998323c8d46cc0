package io.driftwatch.flink;

import io.driftwatch.flink.influx.InfluxDbSink;
import io.driftwatch.flink.serving.ServingMetricsJob;
import io.driftwatch.flink.serving.ServingPointMapper;
import io.driftwatch.flink.source.PredictionEventDeserializer;
import io.driftwatch.flink.source.PredictionWatermarks;
import io.driftwatch.schemas.PredictionEvent;
import java.util.Arrays;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Driftwatch monitoring job: Kafka {@code predictions} → serving metrics → InfluxDB {@code
 * serving}. Only wires; the topologies live in their own classes.
 */
public final class MonitoringJob {

  public static final String JOB_NAME = "driftwatch-monitor";

  private MonitoringJob() {}

  /**
   * Adds the monitoring topology to {@code env}: the Kafka source with watermarks per partition,
   * the serving metrics windows and their InfluxDB sink. The caller executes the environment.
   */
  public static void attach(StreamExecutionEnvironment env, MonitorConfig config) {
    DataStream<PredictionEvent> predictions =
        env.fromSource(
                predictionSource(config),
                PredictionWatermarks.strategy(config.outOfOrderness(), config.idleTimeout()),
                "predictions")
            .uid("predictions-source");

    ServingMetricsJob.buildTopology(predictions, config.serving())
        .sinkTo(new InfluxDbSink<>(config.influx(), new ServingPointMapper()))
        .name("influxdb-serving")
        .uid("influxdb-serving");
  }

  static KafkaSource<PredictionEvent> predictionSource(MonitorConfig config) {
    return KafkaSource.<PredictionEvent>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(config.predictionsTopic())
        .setGroupId(config.groupId())
        .setClientIdPrefix(config.groupId())
        .setStartingOffsets(config.startingOffsets().initializer())
        .setDeserializer(new PredictionEventDeserializer())
        .build();
  }

  /** Runs the job on the environment Flink provides (a cluster under {@code flink run}). */
  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(MonitorConfig.usage());
      return;
    }
    MonitorConfig config;
    try {
      config = MonitorConfig.fromArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println("driftwatch-monitor: " + e.getMessage());
      System.exit(2);
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(config.checkpointInterval().toMillis());
    attach(env, config);
    env.execute(JOB_NAME);
  }
}
