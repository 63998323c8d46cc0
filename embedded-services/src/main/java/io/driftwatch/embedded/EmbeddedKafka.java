package io.driftwatch.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process single-node Kafka 4.2.1 broker+controller in KRaft mode on 127.0.0.1.
 *
 * <p>Internal topics use replication factor 1, so consumer groups and transactions (Flink's
 * exactly-once sink) work; transactions may last up to one hour. Topics are never auto-created: use
 * {@link #createTopics} or {@link #createTopic}. The data directory should be dedicated to this
 * broker; it is never deleted by this class.
 *
 * <p>The threads the broker creates belong to {@link #threads()}, so that a benchmark sharing the
 * JVM with it can tell the broker's CPU time from its clients'.
 *
 * <p>Thread-safe: lifecycle and topic methods are synchronized.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KraftNodeSettings settings;
  private final TopicAdmin topics;
  private final ThreadGroup threads = new ThreadGroup("embedded-kafka");
  private KafkaRaftServer server;

  private EmbeddedKafka(KraftNodeSettings settings) {
    this.settings = settings;
    this.topics = new TopicAdmin(bootstrapServers(settings), READY_TIMEOUT);
  }

  /**
   * Formats dataDir (a fresh cluster id) and starts a combined broker/controller on free loopback
   * ports (or the given port when &gt; 0 for the client listener). Returns when the broker answers
   * a metadata request (typically about 2 s; gives up after 60 s).
   *
   * <p>A data directory that is already formatted keeps its cluster id and its topics.
   *
   * @param dataDir log and metadata directory; created when missing
   * @param port client (PLAINTEXT) port, or 0 or less for a free one
   * @throws IOException when the directory cannot be created or formatted, or the broker does not
   *     start
   */
  public static EmbeddedKafka start(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir);
    int clientPort = FreePort.orFree(port);
    int controllerPort = FreePort.pick();
    while (controllerPort == clientPort) {
      controllerPort = FreePort.pick();
    }
    EmbeddedKafka kafka =
        new EmbeddedKafka(new KraftNodeSettings(dataDir, clientPort, controllerPort));
    kafka.format();
    kafka.restart();
    return kafka;
  }

  /** Client bootstrap address, {@code "127.0.0.1:<port>"}; stable across {@link #restart()}. */
  public String bootstrapServers() {
    return bootstrapServers(settings);
  }

  /** Client (PLAINTEXT) port. */
  public int port() {
    return settings.clientPort();
  }

  /**
   * Creates topics idempotently (already-exists is fine) with default configs and returns once
   * every partition has a leader.
   *
   * @param partitions partitions per topic, at least 1
   * @param names topic names
   */
  public synchronized void createTopics(int partitions, String... names) {
    topics.create(partitions, Map.of(), names);
  }

  /**
   * Creates one topic with configs, e.g. {@code cleanup.policy=compact}; already-exists is fine
   * (existing configs are left unchanged).
   */
  public synchronized void createTopic(String name, int partitions, Map<String, String> configs) {
    topics.create(partitions, configs, name);
  }

  /** Stops the broker (for outage tests); data dir kept. Does nothing when already stopped. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    KafkaRaftServer stopping = server;
    server = null;
    stopping.shutdown();
    stopping.awaitShutdown();
    LOG.info("Kafka on {} stopped", bootstrapServers());
  }

  /**
   * Starts it again on the SAME port and data dir after {@link #stop()}; returns when the broker
   * answers a metadata request.
   *
   * @throws IllegalStateException when it is running
   * @throws IOException when the broker does not start or answer within 60 s
   */
  public synchronized void restart() throws IOException {
    if (server != null) {
      throw new IllegalStateException("Kafka on " + bootstrapServers() + " is already running");
    }
    KafkaRaftServer starting = startInGroup();
    try {
      topics.awaitBroker();
    } catch (RuntimeException e) {
      starting.shutdown();
      starting.awaitShutdown();
      throw new IOException("Kafka did not start on " + bootstrapServers() + ": " + e, e);
    }
    server = starting;
    LOG.info("Kafka listening on {} (data in {})", bootstrapServers(), settings.dataDir());
  }

  /**
   * The group of the threads the broker creates: threads inherit the group of the thread that
   * creates them, and the broker is created and started on a thread of this group. A JVM-wide pool
   * that a broker thread happens to start first (the common fork-join pool) would join it too.
   */
  public ThreadGroup threads() {
    return threads;
  }

  /**
   * Creates and starts the broker on a thread of {@link #threads}, so its threads join it. Waits
   * for the start to end even when interrupted (a broker started after giving up would run on,
   * unreachable from {@link #stop}), then keeps the interrupt.
   */
  private KafkaRaftServer startInGroup() throws IOException {
    FutureTask<KafkaRaftServer> start =
        new FutureTask<>(
            () -> {
              KafkaRaftServer starting =
                  new KafkaRaftServer(
                      new KafkaConfig(settings.toServerProperties(), false), Time.SYSTEM);
              try {
                starting.startup();
                return starting;
              } catch (Throwable e) { // startup leaves the controller up when the broker fails
                try {
                  starting.shutdown();
                  starting.awaitShutdown();
                } catch (RuntimeException shutdownFailure) {
                  e.addSuppressed(shutdownFailure);
                }
                throw e;
              }
            });
    new Thread(threads, start, "embedded-kafka-start").start();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return start.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      throw new IOException(
          "Kafka did not start on " + bootstrapServers() + ": " + e.getCause(), e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops the broker; does not delete the data directory. */
  @Override
  public void close() {
    stop();
  }

  private void format() throws IOException {
    String dir = settings.dataDir().toAbsolutePath().toString();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(printStream)
          .setNodeId(KraftNodeSettings.NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(dir)
          .setMetadataLogDirectory(dir)
          .setControllerListenerName(KraftNodeSettings.CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IOException("cannot format Kafka storage in " + dir + ": " + e.getMessage(), e);
    }
    LOG.debug("Formatted {}: {}", dir, output.toString(StandardCharsets.UTF_8).trim());
  }

  private static String bootstrapServers(KraftNodeSettings settings) {
    return "127.0.0.1:" + settings.clientPort();
  }
}
