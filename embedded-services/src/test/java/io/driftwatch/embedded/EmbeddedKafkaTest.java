package io.driftwatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real in-process KRaft broker and talks to it with kafka-clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaTest {

  private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path ownDir;

  private EmbeddedKafka shared;
  private EmbeddedKafka own;

  @BeforeAll
  void startSharedBroker(@TempDir Path sharedDir) throws IOException {
    shared = EmbeddedKafka.start(sharedDir, 0);
  }

  @AfterEach
  void stopOwnBroker() {
    if (own != null) {
      own.close();
      own = null;
    }
  }

  @AfterAll
  void stopSharedBroker() {
    shared.close();
  }

  @Test
  void consumesWhatWasProducedToACreatedTopic() throws Exception {
    String topic = uniqueTopic();
    shared.createTopics(3, topic);

    try (KafkaProducer<String, String> producer = producer(shared, Map.of())) {
      producer.send(new ProducerRecord<>(topic, "model-a", "first")).get(10, TimeUnit.SECONDS);
      producer.send(new ProducerRecord<>(topic, "model-b", "second")).get(10, TimeUnit.SECONDS);
    }

    assertThat(readValues(shared, topic, 2, "read_uncommitted"))
        .containsExactlyInAnyOrder("first", "second");
    assertThat(partitionCount(shared, topic)).isEqualTo(3);
  }

  @Test
  void theBrokersThreadsAndOnlyThoseAreInItsGroup() throws Exception {
    String topic = uniqueTopic();
    shared.createTopics(1, topic);

    List<String> names;
    try (KafkaProducer<String, String> producer = producer(shared, Map.of())) {
      producer.send(new ProducerRecord<>(topic, "model-a", "first")).get(10, TimeUnit.SECONDS);
      names = threadNames(shared.threads());
    }

    assertThat(names)
        .anyMatch(name -> name.contains("request-handler"))
        .anyMatch(name -> name.contains("network-thread"))
        .noneMatch(name -> name.startsWith("kafka-producer-network-thread"));
  }

  private static List<String> threadNames(ThreadGroup group) {
    Thread[] threads = new Thread[group.activeCount() + 16];
    int count = group.enumerate(threads, true);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(threads[i].getName());
    }
    return names;
  }

  @Test
  void creatingAnExistingTopicAgainIsFine() {
    String topic = uniqueTopic();
    shared.createTopics(1, topic);

    shared.createTopics(1, topic);
    shared.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));

    assertThat(partitionCount(shared, topic)).isEqualTo(1);
  }

  @Test
  void createsATopicWithTheGivenConfigs() throws Exception {
    String topic = uniqueTopic();

    shared.createTopic(topic, 2, Map.of("cleanup.policy", "compact"));

    try (Admin admin = admin(shared)) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config =
          admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }
    assertThat(partitionCount(shared, topic)).isEqualTo(2);
  }

  @Test
  void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
    String topic = uniqueTopic();
    shared.createTopics(1, topic);

    try (KafkaProducer<String, String> producer =
        producer(shared, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + topic))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();
    }

    assertThat(readValues(shared, topic, 1, "read_committed")).containsExactly("committed");
  }

  @Test
  void startsTheClientListenerOnTheRequestedPort() throws IOException {
    int port = FreePort.pick();

    own = EmbeddedKafka.start(ownDir, port);

    assertThat(own.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
    assertThat(own.port()).isEqualTo(port);
  }

  @Test
  void producerTimesOutWhileStoppedAndRecordsFlowAgainAfterRestart() throws Exception {
    own = EmbeddedKafka.start(ownDir, 0);
    String bootstrap = own.bootstrapServers();
    own.createTopics(1, "outage");
    try (KafkaProducer<String, String> producer = producer(own, Map.of())) {
      producer.send(new ProducerRecord<>("outage", "k", "before")).get(10, TimeUnit.SECONDS);
    }

    own.stop();
    try (KafkaProducer<String, String> producer =
        producer(own, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500))) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(new ProducerRecord<>("outage", "k", "lost"))
                      .get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutException.class);
    }

    own.restart();
    try (KafkaProducer<String, String> producer = producer(own, Map.of())) {
      producer.send(new ProducerRecord<>("outage", "k", "after")).get(10, TimeUnit.SECONDS);
    }

    assertThat(own.bootstrapServers()).isEqualTo(bootstrap);
    assertThat(readValues(own, "outage", 2, "read_uncommitted")).containsExactly("before", "after");
  }

  @Test
  void restartingARunningBrokerIsRejected() {
    assertThatThrownBy(shared::restart)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running");
  }

  @Test
  void aBrokerThatCannotBindItsPortFailsToStartWithTheReason(@TempDir Path busyDir)
      throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> own = EmbeddedKafka.start(busyDir, taken.getLocalPort()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Kafka did not start on 127.0.0.1:" + taken.getLocalPort())
          .hasCauseInstanceOf(RuntimeException.class);
    }
  }

  private static String uniqueTopic() {
    return "topic-" + UUID.randomUUID();
  }

  private static KafkaProducer<String, String> producer(
      EmbeddedKafka kafka, Map<String, Object> overrides) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.putAll(overrides);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readValues(
      EmbeddedKafka kafka, String topic, int expected, String isolationLevel) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      // one more short poll so that unexpected extra records would show up
      consumer.poll(Duration.ofMillis(300)).forEach(record -> values.add(record.value()));
    }
    return values;
  }

  private static int partitionCount(EmbeddedKafka kafka, String topic) {
    try (Admin admin = admin(kafka)) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(10, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (Exception e) {
      throw new AssertionError("cannot describe " + topic, e);
    }
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }
}
