package io.driftwatch.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Server properties of a single combined broker/controller Kafka node on 127.0.0.1.
 *
 * <p>Sized for one machine: replication factor 1 for internal topics (so transactions and consumer
 * groups work with one broker), few internal partitions and threads, 8 MiB segments, a 2 MiB
 * log-cleaner buffer (compacted topics need the cleaner; the default buffer is 128 MiB), and
 * transactions up to one hour so Flink's exactly-once sink may use its default timeouts.
 *
 * @param dataDir log and metadata directory
 * @param clientPort PLAINTEXT listener port, 1..65535
 * @param controllerPort CONTROLLER listener port, 1..65535, different from {@code clientPort}
 */
record KraftNodeSettings(Path dataDir, int clientPort, int controllerPort) {

  static final int NODE_ID = 1;
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  KraftNodeSettings {
    if (clientPort < 1 || clientPort > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, got " + clientPort);
    }
    if (controllerPort < 1 || controllerPort > 65535 || controllerPort == clientPort) {
      throw new IllegalArgumentException(
          "controller port must be in 1..65535 and differ from port " + clientPort);
    }
  }

  /** The server properties, as accepted by {@code kafka.server.KafkaConfig}. */
  Map<String, String> toServerProperties() {
    Map<String, String> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + clientPort
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    props.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("log.dirs", dataDir.toAbsolutePath().toString());
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "1");
    props.put("default.replication.factor", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("transaction.max.timeout.ms", "3600000");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("log.segment.bytes", Integer.toString(8 * 1024 * 1024));
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    props.put("background.threads", "2");
    props.put("num.recovery.threads.per.data.dir", "1");
    return props;
  }
}
