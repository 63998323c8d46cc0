package io.driftwatch.flink;

import io.driftwatch.flink.alerting.AlertPointMapper;
import io.driftwatch.flink.alerting.AlertingJob;
import io.driftwatch.flink.concept.ConceptDriftJob;
import io.driftwatch.flink.deadletter.DeadLetterRecordSerializer;
import io.driftwatch.flink.drift.DriftMetricsJob;
import io.driftwatch.flink.influx.InfluxDbSink;
import io.driftwatch.flink.metrics.MetricPoint;
import io.driftwatch.flink.metrics.MetricPointMapper;
import io.driftwatch.flink.quality.ModelQualityJob;
import io.driftwatch.flink.serving.ServingMetricsJob;
import io.driftwatch.flink.serving.ServingPointMapper;
import io.driftwatch.flink.serving.ServingWindow;
import io.driftwatch.flink.serving.ServingWindowPoints;
import io.driftwatch.flink.source.AvroSpecificTypeInfo;
import io.driftwatch.flink.source.LabelEventDeserializer;
import io.driftwatch.flink.source.ModelEventDeserializer;
import io.driftwatch.flink.source.PredictionEventDeserializer;
import io.driftwatch.flink.source.SourceWatermarks;
import io.driftwatch.flink.source.SplitDeadLetters;
import io.driftwatch.flink.webhook.WebhookSink;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.DeadLetter;
import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The Driftwatch monitoring job: Kafka {@code predictions} → serving metrics → InfluxDB {@code
 * serving}; {@code predictions} with reference profiles from {@code model-events} → feature and
 * prediction drift and data quality → InfluxDB {@code feature_drift}, {@code prediction_drift},
 * {@code data_quality}, {@code dataset_drift}; {@code predictions} joined with {@code labels} →
 * InfluxDB {@code model_quality}, {@code variant_comparison}, {@code label_join} and {@code
 * concept_drift}; every one of those window points through the alert rules → Kafka {@code alerts}
 * and InfluxDB {@code alerts}, and to the {@code --alert-webhooks} receivers when set. Only wires;
 * the topologies live in their own classes.
 */
public final class MonitoringJob {

  public static final String JOB_NAME = "driftwatch-monitor";

  static final long MODEL_EVENTS_DISCOVERY_MS = 10_000;

  private MonitoringJob() {}

  /**
   * Adds the monitoring topology to {@code env}: the Kafka source with watermarks per partition,
   * the serving metrics windows and their InfluxDB sink. The caller executes the environment.
   */
  public static void attach(StreamExecutionEnvironment env, MonitorConfig config) {
    enableObjectReuse(env);
    SingleOutputStreamOperator<PredictionEvent> predictions =
        env.fromSource(
                predictionSource(config),
                SourceWatermarks.predictions(config.outOfOrderness(), config.idleTimeout()),
                "predictions")
            .uid("predictions-source")
            .process(new SplitDeadLetters<>(new AvroSpecificTypeInfo<>(PredictionEvent.class)))
            .name("predictions-dead-letters")
            .uid("predictions-dead-letters");

    DataStream<ServingWindow> serving =
        ServingMetricsJob.buildTopology(predictions, config.serving());
    serving
        .sinkTo(new InfluxDbSink<>(config.influx(), new ServingPointMapper()))
        .name("influxdb-serving")
        .uid("influxdb-serving");

    SingleOutputStreamOperator<ModelEvent> modelEvents =
        env.fromSource(
                modelEventSource(config),
                WatermarkStrategy.<Either<DeadLetter, ModelEvent>>noWatermarks(),
                "model-events")
            .uid("model-events-source")
            .setParallelism(1)
            .process(new SplitDeadLetters<>(new AvroSpecificTypeInfo<>(ModelEvent.class)))
            .name("model-events-dead-letters")
            .uid("model-events-dead-letters")
            .setParallelism(1);
    DataStream<MetricPoint> driftPoints =
        DriftMetricsJob.buildTopology(predictions, modelEvents, config.drift());
    driftPoints
        .sinkTo(new InfluxDbSink<>(config.influx(), new MetricPointMapper()))
        .name("influxdb-drift")
        .uid("influxdb-drift");

    SingleOutputStreamOperator<LabelEvent> labels =
        env.fromSource(
                labelSource(config),
                SourceWatermarks.labels(config.outOfOrderness(), config.idleTimeout()),
                "labels")
            .uid("labels-source")
            .process(new SplitDeadLetters<>(new AvroSpecificTypeInfo<>(LabelEvent.class)))
            .name("labels-dead-letters")
            .uid("labels-dead-letters");
    predictions
        .getSideOutput(SplitDeadLetters.DEAD_LETTERS)
        .union(
            labels.getSideOutput(SplitDeadLetters.DEAD_LETTERS),
            modelEvents.getSideOutput(SplitDeadLetters.DEAD_LETTERS))
        .sinkTo(
            DeadLetterRecordSerializer.kafkaSink(
                config.bootstrapServers(), config.deadLettersTopic()))
        .name("kafka-dead-letters")
        .uid("kafka-dead-letters");
    ModelQualityJob.Outputs quality =
        ModelQualityJob.buildTopology(predictions, labels, config.quality());
    DataStream<MetricPoint> qualityPoints = quality.points();
    if (!config.quality().detectors().isEmpty()) {
      qualityPoints =
          qualityPoints.union(
              ConceptDriftJob.buildTopology(
                  quality.labeled(),
                  config.quality().detectorConfigs(),
                  config.quality().window()));
    }
    qualityPoints
        .sinkTo(new InfluxDbSink<>(config.influx(), new MetricPointMapper()))
        .name("influxdb-quality")
        .uid("influxdb-quality");

    DataStream<MetricPoint> servingPoints =
        serving.map(new ServingWindowPoints()).name("serving-points").uid("serving-points");
    DataStream<Alert> alerts =
        AlertingJob.buildTopology(
            servingPoints.union(driftPoints, qualityPoints),
            config.alertRules(),
            config.alertStaleWindows(),
            config.outOfOrderness(),
            config.idleTimeout());
    alerts
        .sinkTo(AlertingJob.kafkaSink(config.bootstrapServers(), config.alertsTopic()))
        .name("kafka-alerts")
        .uid("kafka-alerts");
    alerts
        .sinkTo(new InfluxDbSink<>(config.influx(), new AlertPointMapper()))
        .name("influxdb-alerts")
        .uid("influxdb-alerts");
    config
        .webhooks()
        .ifPresent(
            webhooks -> alerts.sinkTo(new WebhookSink(webhooks)).name("webhooks").uid("webhooks"));
  }

  /**
   * Labels are subscribed by pattern and looked up every {@value #MODEL_EVENTS_DISCOVERY_MS} ms, so
   * the job starts before the first gateway has created the topic. Offsets as {@code
   * starting-offsets}, own consumer group {@code <group-id>-labels}.
   */
  static KafkaSource<Either<DeadLetter, LabelEvent>> labelSource(MonitorConfig config) {
    return KafkaSource.<Either<DeadLetter, LabelEvent>>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopicPattern(Pattern.compile(Pattern.quote(config.labelsTopic())))
        .setProperty("partition.discovery.interval.ms", Long.toString(MODEL_EVENTS_DISCOVERY_MS))
        .setGroupId(config.groupId() + "-labels")
        .setClientIdPrefix(config.groupId() + "-labels")
        .setStartingOffsets(config.startingOffsets().initializer())
        .setDeserializer(new LabelEventDeserializer())
        .build();
  }

  /**
   * Lets chained operators pass records without a defensive copy. Safe here because no operator
   * keeps or changes a record it was given: the projections build new records and the window
   * aggregates fold values into their own accumulators. Without it every prediction would be
   * deep-copied through the Avro serializer once per chained consumer of the source.
   */
  public static void enableObjectReuse(StreamExecutionEnvironment env) {
    env.getConfig().enableObjectReuse();
  }

  /**
   * Model events are read from the earliest offset on every start without a checkpoint, whatever
   * {@code starting-offsets} says: the compacted topic is the record of every version's reference
   * profile, and the drift topology needs all of them. The topic is subscribed by pattern and
   * looked up every {@value #MODEL_EVENTS_DISCOVERY_MS} ms, so the job starts (and serves its
   * serving metrics) before the first gateway has created it.
   */
  static KafkaSource<Either<DeadLetter, ModelEvent>> modelEventSource(MonitorConfig config) {
    return KafkaSource.<Either<DeadLetter, ModelEvent>>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopicPattern(Pattern.compile(Pattern.quote(config.modelEventsTopic())))
        .setProperty("partition.discovery.interval.ms", Long.toString(MODEL_EVENTS_DISCOVERY_MS))
        .setGroupId(config.groupId() + "-model-events")
        .setClientIdPrefix(config.groupId() + "-model-events")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new ModelEventDeserializer())
        .build();
  }

  static KafkaSource<Either<DeadLetter, PredictionEvent>> predictionSource(MonitorConfig config) {
    return KafkaSource.<Either<DeadLetter, PredictionEvent>>builder()
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
