package io.driftwatch.benchmarks.monitoring;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.embedded.InfluxdServer;
import io.driftwatch.flink.MonitoringJob;
import io.driftwatch.flink.drift.DriftJobConfig;
import io.driftwatch.flink.drift.DriftMetricsJob;
import io.driftwatch.flink.influx.InfluxDbSink;
import io.driftwatch.flink.influx.InfluxDbSinkConfig;
import io.driftwatch.flink.metrics.MetricPointMapper;
import io.driftwatch.flink.serving.ServingJobConfig;
import io.driftwatch.flink.serving.ServingMetricsJob;
import io.driftwatch.flink.serving.ServingPointMapper;
import io.driftwatch.flink.source.AvroSpecificTypeInfo;
import io.driftwatch.flink.source.ModelEventDeserializer;
import io.driftwatch.flink.source.PredictionEventDeserializer;
import io.driftwatch.flink.source.SourceWatermarks;
import io.driftwatch.flink.source.SplitDeadLetters;
import io.driftwatch.schemas.DeadLetter;
import io.driftwatch.schemas.ModelEvent;
import io.driftwatch.schemas.ModelEventType;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.stats.drift.DriftPolicy;
import io.driftwatch.stats.profile.ColumnReference;
import io.driftwatch.stats.profile.NumericReference;
import io.driftwatch.stats.profile.NumericSketch;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Monitoring-job throughput against the cost of just reading the topic, measured side by side in
 * one run on a real in-process Kafka broker and a real {@code influxd}.
 *
 * <p>It writes {@code --events} prediction events with {@code --features} numeric features (N(0,1),
 * 10 000 events per 10 s of event time) to a 2-partition topic, then times:
 *
 * <ol>
 *   <li><b>baseline</b>: one {@code KafkaConsumer} polling both partitions and decoding every value
 *       with {@link SingleObjectCodec} — the floor any consumer pays;
 *   <li><b>serving</b>: the monitoring job's serving topology only (bounded Kafka source → windows
 *       → InfluxDB) on a local MiniCluster at parallelism 2;
 *   <li><b>full</b>: serving + drift + data quality (the job as deployed, with a reference profile
 *       on {@code model-events}).
 * </ol>
 *
 * Each Flink run is also timed on a topic of 1 000 events to estimate the fixed cost of starting
 * and finishing a job; "steady" figures subtract it. A baseline pass and a small job run first as
 * warm-up and are not reported. Run with {@code java -cp benchmarks/target/benchmarks.jar
 * io.driftwatch.benchmarks.monitoring.MonitoringThroughputBenchmark} (after {@code mvn -DskipTests
 * package}); needs {@code influxd} on the PATH.
 */
@Command(
    name = "monitoring-throughput",
    mixinStandardHelpOptions = true,
    description = "Monitoring job events/s vs a plain Kafka consume + Avro decode loop.")
public final class MonitoringThroughputBenchmark implements Callable<Integer> {

  private static final String MODEL = "bench";
  private static final String VERSION = "1";
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Option(
      names = "--events",
      defaultValue = "5000000",
      description =
          "Events (${DEFAULT-VALUE}); enough that the job's start-up and shutdown (~2 s) is a"
              + " small share of its run.")
  int events;

  @Option(names = "--features", defaultValue = "20", description = "Features (${DEFAULT-VALUE}).")
  int features;

  @Option(
      names = "--drift-window",
      defaultValue = "60",
      description = "Drift window in seconds of event time (${DEFAULT-VALUE}).")
  int driftWindowSeconds;

  @Option(
      names = "--shards",
      defaultValue = "4",
      description = "Drift feature shards per model version (${DEFAULT-VALUE}).")
  int shards;

  @Option(
      names = "--runs",
      split = ",",
      defaultValue = "serving,full",
      description = "Which job runs to time: serving, full (${DEFAULT-VALUE}).")
  List<String> runs;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MonitoringThroughputBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("driftwatch-throughput");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
        InfluxdServer influxd = InfluxdServer.start(work.resolve("influxd"), 0)) {
      kafka.createTopics(2, "predictions", "predictions-small", "alerts");
      kafka.createTopic("model-events", 1, Map.of("cleanup.policy", "compact"));
      produce(kafka, "predictions", events);
      produce(kafka, "predictions-small", 1_000);
      produceProfile(kafka);
      System.out.printf(
          Locale.ROOT, "%,d events with %d numeric features on 2 partitions%n", events, features);

      // Warm-up runs (discarded): JIT, class loading and the first MiniCluster start.
      timeBaseline(kafka, events);
      timeJob(kafka, influxd, "predictions-small", true);
      double baseline = timeBaseline(kafka, events);
      Map<String, double[]> flink = new HashMap<>();
      for (boolean drift : new boolean[] {false, true}) {
        if (!runs.contains(drift ? "full" : "serving")) {
          continue;
        }
        double small = timeJob(kafka, influxd, "predictions-small", drift);
        double full = timeJob(kafka, influxd, "predictions", drift);
        flink.put(drift ? "full" : "serving", new double[] {full, small});
      }

      System.out.println();
      System.out.println(
          "| run | wall s | events/s | ratio to baseline | steady events/s | steady ratio |");
      System.out.println("|---|---|---|---|---|---|");
      baselineRow(baseline);
      for (String name : List.of("serving", "full")) {
        double[] t = flink.get(name);
        if (t == null) {
          continue;
        }
        double steady = events / Math.max(1e-3, t[0] - t[1]);
        row(
            name.equals("full") ? "job: serving + drift + quality" : "job: serving only",
            t[0],
            events / t[0] / (events / baseline),
            steady / (events / baseline),
            steady);
      }
      flink.forEach(
          (name, t) ->
              System.out.printf(
                  Locale.ROOT, "job start-up + shutdown (1 000 events): %s %.2f s%n", name, t[1]));
    }
    return 0;
  }

  private void baselineRow(double seconds) {
    System.out.printf(
        Locale.ROOT,
        "| baseline: consume + decode | %.2f | %,.0f | 1.00 | %,.0f | 1.00 |%n",
        seconds,
        events / seconds,
        events / seconds);
  }

  private void row(String name, double seconds, double ratio, double steadyRatio, double steady) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %.2f | %,.0f | %.2f | %,.0f | %.2f |%n",
        name,
        seconds,
        events / seconds,
        ratio,
        steady,
        steadyRatio);
  }

  private void produce(EmbeddedKafka kafka, String topic, int count) throws Exception {
    Random random = new Random(7);
    SingleObjectCodec<PredictionEvent> codec = SingleObjectCodec.predictions();
    byte[] key = MODEL.getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (int i = 0; i < count; i++) {
        Map<String, Double> values = new HashMap<>();
        for (int f = 0; f < features; f++) {
          values.put(feature(f), random.nextGaussian());
        }
        PredictionEvent event =
            PredictionEvent.newBuilder()
                .setRequestId("r" + i)
                .setModel(MODEL)
                .setVersion(VERSION)
                .setEventTime(START.plusMillis(i))
                .setNumericFeatures(values)
                .setPredictedClass(random.nextBoolean() ? "yes" : "no")
                .setScore(0.5 + random.nextDouble() / 2)
                .setLatencyMicros(500 + random.nextInt(500))
                .setStatus(PredictionStatus.OK)
                .build();
        producer.send(new ProducerRecord<>(topic, i % 2, key, codec.encode(event)));
      }
      producer.flush();
    }
  }

  private void produceProfile(EmbeddedKafka kafka) throws Exception {
    Random random = new Random(11);
    List<ColumnReference> columns = new ArrayList<>();
    for (int f = 0; f < features; f++) {
      NumericSketch sketch = NumericSketch.empty();
      double[] values = new double[100_000];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextGaussian();
        sketch.update(values[i]);
      }
      columns.add(NumericReference.exact(feature(f), sketch, values));
    }
    ReferenceProfile profile =
        new ReferenceProfile(MODEL, VERSION, START, Map.of(), columns, List.of());
    ModelEvent event =
        ModelEvent.newBuilder()
            .setModel(MODEL)
            .setVersion(VERSION)
            .setType(ModelEventType.LOADED)
            .setEventTime(START)
            .setReferenceProfile(ByteBuffer.wrap(ReferenceProfileCodec.encode(profile)))
            .build();
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      producer
          .send(
              new ProducerRecord<>(
                  "model-events",
                  (MODEL + "/" + VERSION).getBytes(StandardCharsets.UTF_8),
                  SingleObjectCodec.modelEvents().encode(event)))
          .get();
    }
  }

  private static String feature(int f) {
    return String.format(Locale.ROOT, "f%02d", f);
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Seconds for one consumer to read and decode {@code count} events from the beginning. */
  private static double timeBaseline(EmbeddedKafka kafka, int count) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    SingleObjectCodec<PredictionEvent> codec = SingleObjectCodec.predictions();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          List.of(new TopicPartition("predictions", 0), new TopicPartition("predictions", 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long started = System.nanoTime();
      long seen = 0;
      long checksum = 0;
      while (seen < count) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          checksum += codec.decode(record.value()).getLatencyMicros();
          seen++;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(Locale.ROOT, "baseline read %,d events (checksum %d)%n", seen, checksum);
      return seconds;
    }
  }

  /** Seconds from submitting a job over the whole topic until it finished. */
  private double timeJob(EmbeddedKafka kafka, InfluxdServer influxd, String topic, boolean drift)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    MonitoringJob.enableObjectReuse(env);
    InfluxDbSinkConfig influx =
        InfluxDbSinkConfig.of(URI.create(influxd.url()), "bench_" + topic.replace('-', '_'));
    DataStream<PredictionEvent> predictions =
        env.fromSource(
                KafkaSource.<Either<DeadLetter, PredictionEvent>>builder()
                    .setBootstrapServers(kafka.bootstrapServers())
                    .setTopics(topic)
                    .setGroupId("bench-" + System.nanoTime())
                    .setStartingOffsets(OffsetsInitializer.earliest())
                    .setBounded(OffsetsInitializer.latest())
                    .setDeserializer(new PredictionEventDeserializer())
                    .build(),
                SourceWatermarks.predictions(Duration.ofSeconds(2), Duration.ofSeconds(5)),
                "predictions")
            .process(new SplitDeadLetters<>(new AvroSpecificTypeInfo<>(PredictionEvent.class)));
    ServingMetricsJob.buildTopology(predictions, ServingJobConfig.defaults())
        .sinkTo(new InfluxDbSink<>(influx, new ServingPointMapper()));
    if (drift) {
      DataStream<ModelEvent> models =
          env.fromSource(
                  KafkaSource.<Either<DeadLetter, ModelEvent>>builder()
                      .setBootstrapServers(kafka.bootstrapServers())
                      .setTopics("model-events")
                      .setGroupId("bench-models-" + System.nanoTime())
                      .setStartingOffsets(OffsetsInitializer.earliest())
                      .setBounded(OffsetsInitializer.latest())
                      .setDeserializer(new ModelEventDeserializer())
                      .build(),
                  WatermarkStrategy.<Either<DeadLetter, ModelEvent>>noWatermarks(),
                  "model-events")
              .setParallelism(1)
              .process(new SplitDeadLetters<>(new AvroSpecificTypeInfo<>(ModelEvent.class)))
              .setParallelism(1);
      Duration window = Duration.ofSeconds(driftWindowSeconds);
      DriftMetricsJob.buildTopology(
              predictions,
              models,
              new DriftJobConfig(window, window, DriftPolicy.defaults(), 1000, shards))
          .sinkTo(new InfluxDbSink<>(influx, new MetricPointMapper()));
    }
    long started = System.nanoTime();
    env.execute("throughput-" + topic + (drift ? "-full" : "-serving"));
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT, "%s on %s: %.2f s%n", drift ? "full job" : "serving job", topic, seconds);
    return seconds;
  }
}
