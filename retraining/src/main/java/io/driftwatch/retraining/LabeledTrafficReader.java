package io.driftwatch.retraining;

import io.driftwatch.schemas.LabelEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionStatus;
import io.driftwatch.schemas.SingleObjectCodec;
import io.driftwatch.schemas.UndecodableRecordException;
import io.driftwatch.training.WeatherObservation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the last {@code lookback} of the {@code predictions} and {@code labels} topics and joins
 * them by request id into training rows of one model.
 *
 * <p>Per topic and partition it starts at {@code offsetsForTimes(now - lookback)} (but at most
 * {@code maxRecords / partitions} records before the end) and reads up to the end offsets captured
 * when the read starts, so traffic arriving meanwhile cannot keep it reading forever; it gives up
 * after {@value #READ_DEADLINE_SECONDS} s per topic. A prediction counts when it is the model's,
 * status OK, and has every demo-model feature as a finite number; a label when it has a class. A
 * request id seen twice keeps its last prediction and last label. Uses its own consumer per topic
 * and call, without a consumer group (nothing is committed). Thread-safe.
 */
public final class LabeledTrafficReader {

  static final long READ_DEADLINE_SECONDS = 60;
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

  /** Location of rows read from live traffic (the CSV has a city there). */
  public static final String LOCATION = "gateway traffic";

  private final String bootstrapServers;
  private final String predictionsTopic;
  private final String labelsTopic;
  private final int maxRecords;

  /**
   * @param maxRecords records read per topic at most, {@code >= 1}
   */
  public LabeledTrafficReader(
      String bootstrapServers, String predictionsTopic, String labelsTopic, int maxRecords) {
    this.bootstrapServers = bootstrapServers;
    this.predictionsTopic = predictionsTopic;
    this.labelsTopic = labelsTopic;
    this.maxRecords = maxRecords;
  }

  /** The joined rows of {@code model} with predictions and labels since {@code since}. */
  public LabeledRows read(String model, Instant since) {
    SingleObjectCodec<PredictionEvent> predictionCodec = SingleObjectCodec.predictions();
    SingleObjectCodec<LabelEvent> labelCodec = SingleObjectCodec.labels();
    Map<String, PredictionEvent> predictions = new HashMap<>();
    Map<String, String> labels = new HashMap<>();
    long[] undecodable = {0};
    Read p =
        readTopic(
            predictionsTopic,
            since,
            value -> {
              try {
                PredictionEvent event = predictionCodec.decode(value);
                if (usable(event, model)) {
                  predictions.put(event.getRequestId(), event);
                }
              } catch (UndecodableRecordException e) {
                undecodable[0]++;
              }
            });
    Read l =
        readTopic(
            labelsTopic,
            since,
            value -> {
              try {
                LabelEvent event = labelCodec.decode(value);
                if (event.getLabelClass() != null && !event.getLabelClass().isBlank()) {
                  labels.put(event.getRequestId(), event.getLabelClass());
                }
              } catch (UndecodableRecordException e) {
                undecodable[0]++;
              }
            });
    List<PredictionEvent> joined =
        predictions.values().stream()
            .filter(event -> labels.containsKey(event.getRequestId()))
            .sorted(
                Comparator.comparing(PredictionEvent::getEventTime)
                    .thenComparing(PredictionEvent::getRequestId))
            .toList();
    List<WeatherObservation> rows = new ArrayList<>(joined.size());
    for (PredictionEvent event : joined) {
      rows.add(row(event, labels.get(event.getRequestId())));
    }
    return new LabeledRows(
        rows,
        p.records(),
        l.records(),
        undecodable[0],
        p.truncated() || l.truncated(),
        joined.isEmpty() ? null : joined.get(0).getEventTime(),
        joined.isEmpty() ? null : joined.get(joined.size() - 1).getEventTime());
  }

  private record Read(long records, boolean truncated) {}

  private Read readTopic(String topic, Instant since, Consumer<byte[]> onValue) {
    // One consumer per topic: reassigning one consumer leaves fetches of the old assignment in
    // flight, which Kafka warns about.
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return readTopic(consumer, topic, since, onValue);
    }
  }

  private Read readTopic(
      KafkaConsumer<byte[], byte[]> consumer,
      String topic,
      Instant since,
      Consumer<byte[]> onValue) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      return new Read(0, false);
    }
    List<TopicPartition> partitions =
        infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> byTime =
        consumer.offsetsForTimes(query, METADATA_TIMEOUT);
    long perPartition = Math.max(1, maxRecords / partitions.size());
    boolean truncated = false;
    Map<TopicPartition, Long> start = new HashMap<>();
    for (TopicPartition tp : partitions) {
      long last = end.get(tp);
      OffsetAndTimestamp found = byTime.get(tp);
      long first = found == null ? last : found.offset();
      if (last - first > perPartition) {
        first = last - perPartition;
        truncated = true;
      }
      start.put(tp, first);
    }
    consumer.assign(partitions);
    start.forEach(consumer::seek);
    Set<TopicPartition> remaining = new HashSet<>();
    for (TopicPartition tp : partitions) {
      if (start.get(tp) < end.get(tp)) {
        remaining.add(tp);
      }
    }
    long records = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(READ_DEADLINE_SECONDS).toNanos();
    while (!remaining.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "reading " + topic + " took longer than " + READ_DEADLINE_SECONDS + " s");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < end.get(tp)) {
          records++;
          onValue.accept(record.value());
        }
      }
      remaining.removeIf(tp -> consumer.position(tp) >= end.get(tp));
    }
    return new Read(records, truncated);
  }

  private static boolean usable(PredictionEvent event, String model) {
    if (!model.equals(event.getModel()) || event.getStatus() != PredictionStatus.OK) {
      return false;
    }
    for (String feature : WeatherObservation.FEATURE_NAMES) {
      Double value = event.getNumericFeatures().get(feature);
      if (value == null || !Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  private static WeatherObservation row(PredictionEvent event, String label) {
    Map<String, Double> f = event.getNumericFeatures();
    return new WeatherObservation(
        LOCATION,
        event.getEventTime().atZone(ZoneOffset.UTC).toLocalDate(),
        f.get("precipitation"),
        f.get("temp_max"),
        f.get("temp_min"),
        f.get("wind"),
        label);
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-retraining-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
