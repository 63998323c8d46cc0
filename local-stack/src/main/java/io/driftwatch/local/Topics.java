package io.driftwatch.local;

import java.util.List;

/** The product's default Kafka topic names (PRODUCT.md) and how the local stack creates them. */
public record Topics(
    String predictions, String labels, String modelEvents, String alerts, String deadLetters) {

  /** Partitions of the high-volume topics; two lets the job's parallelism 2 split the work. */
  public static final int PARTITIONS = 2;

  public static Topics defaults() {
    return new Topics("predictions", "labels", "model-events", "alerts", "dead-letters");
  }

  public List<String> streams() {
    return List.of(predictions, labels, alerts, deadLetters);
  }
}
