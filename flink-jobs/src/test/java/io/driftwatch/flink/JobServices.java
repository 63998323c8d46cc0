package io.driftwatch.flink;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.embedded.InfluxdServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real services a job integration test runs against: an in-process KRaft broker with the test's
 * topics and a real {@code influxd}, both on free ports. Register as a static
 * {@code @RegisterExtension} field: they start before the class's {@code @BeforeAll} methods and
 * stop after its {@code @AfterAll} methods, influxd first, and their data directory is deleted.
 */
public final class JobServices implements BeforeAllCallback, AfterAllCallback {

  private final Consumer<EmbeddedKafka> topics;
  private Path dataDir;
  private EmbeddedKafka kafka;
  private InfluxdServer influxd;

  private JobServices(Consumer<EmbeddedKafka> topics) {
    this.topics = topics;
  }

  /** Services whose broker gets the topics {@code topics} creates, before the test starts. */
  public static JobServices withTopics(Consumer<EmbeddedKafka> topics) {
    return new JobServices(topics);
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public InfluxdServer influxd() {
    return influxd;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("driftwatch-job-it");
    kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), 0);
    topics.accept(kafka);
    influxd = InfluxdServer.start(dataDir.resolve("influxd"), 0);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (influxd != null) {
      influxd.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (dataDir != null) {
      try (Stream<Path> paths = Files.walk(dataDir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
