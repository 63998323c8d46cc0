package io.driftwatch.embedded;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Short-lived Kafka {@link Admin} calls against one broker: readiness probe and idempotent topic
 * creation. Each call opens and closes its own client, so it survives broker restarts.
 */
final class TopicAdmin {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final String bootstrapServers;
  private final Duration timeout;

  TopicAdmin(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /** Blocks until the broker answers a metadata request with at least one live node. */
  void awaitBroker() {
    try (Admin admin = open()) {
      retryUntilDeadline("broker metadata", () -> !get(admin.describeCluster().nodes()).isEmpty());
    }
  }

  /**
   * Creates the topics that do not exist yet and waits until every partition of every named topic
   * has a leader.
   */
  void create(int partitions, Map<String, String> configs, String... names) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    List<String> topicNames = Arrays.asList(names);
    List<NewTopic> newTopics =
        topicNames.stream()
            .map(name -> new NewTopic(name, partitions, (short) 1).configs(configs))
            .toList();
    try (Admin admin = open()) {
      for (KafkaFuture<Void> result : admin.createTopics(newTopics).values().values()) {
        try {
          get(result);
        } catch (TopicExistsException alreadyThere) {
          // idempotent by contract
        }
      }
      retryUntilDeadline(
          "leaders for " + topicNames,
          () ->
              get(admin.describeTopics(topicNames).allTopicNames()).values().stream()
                  .allMatch(TopicAdmin::everyPartitionHasLeader));
    }
  }

  private static boolean everyPartitionHasLeader(TopicDescription description) {
    return description.partitions().stream().allMatch(p -> p.leader() != null);
  }

  private Admin open() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
  }

  private <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted talking to Kafka at " + bootstrapServers, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException("Kafka at " + bootstrapServers + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " did not answer within " + timeout, e);
    }
  }

  private void retryUntilDeadline(String what, Probe probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (probe.ok()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
    throw new IllegalStateException(
        "Kafka at " + bootstrapServers + ": no " + what + " within " + timeout, last);
  }

  @FunctionalInterface
  private interface Probe {
    boolean ok();
  }
}
