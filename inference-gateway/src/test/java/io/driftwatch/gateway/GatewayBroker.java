package io.driftwatch.gateway;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.SingleObjectCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real in-process KRaft broker holding the gateway's default topics ({@code predictions}, {@code
 * labels}, {@code model-events}, one partition each), for integration tests of a gateway that logs
 * to Kafka as in production while the log is not what they test.
 */
final class GatewayBroker implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final EmbeddedKafka kafka;

  private GatewayBroker(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  /** Starts the broker on a free port of 127.0.0.1, with its data in {@code dataDir}. */
  static GatewayBroker start(Path dataDir) throws IOException {
    EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
    try {
      kafka.createTopics(1, "predictions", "labels", "model-events");
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return new GatewayBroker(kafka);
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /**
   * The prediction events whose request id starts with {@code idPrefix}, once {@code count} of them
   * are on the topic or after 30 s with those there are.
   */
  List<PredictionEvent> predictions(String idPrefix, int count) {
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "predictions")) {
      List<PredictionEvent> matching = List.of();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (matching.size() < count && System.nanoTime() < deadline) {
        matching =
            reader.settle(Duration.ofMillis(200)).stream()
                .map(record -> SingleObjectCodec.predictions().decode(record.value()))
                .filter(event -> event.getRequestId().startsWith(idPrefix))
                .toList();
      }
      return matching;
    }
  }

  @Override
  public void close() {
    kafka.close();
  }
}
