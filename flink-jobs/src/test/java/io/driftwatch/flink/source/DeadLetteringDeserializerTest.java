package io.driftwatch.flink.source;

import static io.driftwatch.flink.PredictionEvents.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.DeadLetter;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetteringDeserializerTest {

  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");

  private static final Instant DEAD_LETTERED = Instant.parse("2026-01-01T12:00:05Z");

  private final CapturingMetrics metrics = new CapturingMetrics();
  private final List<PredictionEvent> decoded = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final PredictionEventDeserializer deserializer =
      new PredictionEventDeserializer(Clock.fixed(DEAD_LETTERED, ZoneOffset.UTC));

  @BeforeEach
  void open() {
    deserializer.open(
        new DeserializationSchema.InitializationContext() {
          @Override
          public MetricGroup getMetricGroup() {
            return metrics;
          }

          @Override
          public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
          }
        });
  }

  @Test
  void decodesSingleObjectEncodedPredictions() throws Exception {
    PredictionEvent event = ok("churn", NOON, 1500);

    deserializer.deserialize(record(7, SingleObjectCodec.predictions().encode(event)), collector());

    assertThat(decoded).containsExactly(event);
    assertThat(deadLetters).isEmpty();
    assertThat(undecodable().getCount()).isZero();
  }

  @Test
  void deadLettersGarbageWithItsPositionBytesAndReasonInsteadOfThrowing() throws Exception {
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    deserializer.deserialize(record(8, garbage), collector());
    deserializer.deserialize(record(9, null), collector());

    assertThat(decoded).isEmpty();
    assertThat(deadLetters).hasSize(2);
    DeadLetter letter = deadLetters.get(0);
    assertThat(letter.getKind()).isEqualTo("undecodable");
    assertThat(letter.getSource()).isEqualTo("predictions");
    assertThat(letter.getPartition()).isEqualTo(1);
    assertThat(letter.getOffset()).isEqualTo(8L);
    assertThat(letter.getKey().array()).isEqualTo("churn".getBytes(StandardCharsets.UTF_8));
    assertThat(letter.getPayload().array()).isEqualTo(garbage);
    assertThat(letter.getReason()).isNotBlank();
    assertThat(letter.getDeadLetteredAt()).isEqualTo(DEAD_LETTERED);
    assertThat(deadLetters.get(1).getPayload()).isNull();
    assertThat(undecodable().getCount()).isEqualTo(2);
  }

  @Test
  void deadLettersARecordWithAnUnknownSchemaFingerprint() throws Exception {
    byte[] bytes = SingleObjectCodec.predictions().encode(ok("churn", NOON, 1500));
    bytes[2] ^= (byte) 0xFF; // the 8-byte fingerprint follows the 2-byte marker

    deserializer.deserialize(record(12, bytes), collector());

    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getKind()).isEqualTo("undecodable");
              assertThat(l.getReason()).containsIgnoringCase("fingerprint");
            });
  }

  @Test
  void deadLettersATruncatedRecord() throws Exception {
    byte[] bytes = SingleObjectCodec.predictions().encode(ok("churn", NOON, 1500));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

    deserializer.deserialize(record(10, truncated), collector());

    assertThat(decoded).isEmpty();
    assertThat(deadLetters)
        .singleElement()
        .extracting(DeadLetter::getKind)
        .isEqualTo("undecodable");
    assertThat(undecodable().getCount()).isEqualTo(1);
  }

  @Test
  void deadLettersAPredictionWithNegativeLatency() throws Exception {
    byte[] bytes = SingleObjectCodec.predictions().encode(ok("churn", NOON, -1));

    deserializer.deserialize(record(11, bytes), collector());

    assertThat(decoded).isEmpty();
    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getKind()).isEqualTo("invalid");
              assertThat(l.getReason()).isEqualTo("negative latency_micros -1");
            });
    assertThat(undecodable().getCount()).isEqualTo(1);
  }

  @Test
  void producesEitherOfAvroTypeInformationsNotAGenericType() {
    assertThat(deserializer.getProducedType())
        .isEqualTo(
            new EitherTypeInfo<>(
                new AvroSpecificTypeInfo<>(DeadLetter.class),
                new AvroSpecificTypeInfo<>(PredictionEvent.class)));
  }

  private Counter undecodable() {
    assertThat(metrics.counters).containsKey(PredictionEventDeserializer.UNDECODABLE_METRIC);
    return metrics.counters.get(PredictionEventDeserializer.UNDECODABLE_METRIC);
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
    return new ConsumerRecord<>(
        "predictions", 1, offset, "churn".getBytes(StandardCharsets.UTF_8), value);
  }

  private Collector<Either<DeadLetter, PredictionEvent>> collector() {
    return new Collector<>() {
      @Override
      public void collect(Either<DeadLetter, PredictionEvent> record) {
        if (record.isRight()) {
          decoded.add(record.right());
        } else {
          deadLetters.add(record.left());
        }
      }

      @Override
      public void close() {}
    };
  }

  /** Keeps the counters the deserializer registers, so the test can read them. */
  private static final class CapturingMetrics extends UnregisteredMetricsGroup {
    final Map<String, Counter> counters = new HashMap<>();

    @Override
    public Counter counter(String name) {
      return counter(name, new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
      counters.put(name, counter);
      return counter;
    }
  }
}
