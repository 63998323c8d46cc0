package io.driftwatch.flink.source;

import java.util.Locale;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Where the monitoring job starts reading a partition when it has no checkpoint to resume. */
public enum StartingOffsets {
  /** The oldest retained record. */
  EARLIEST,
  /** Only records produced after the job started. */
  LATEST,
  /** The consumer group's committed offset, or the oldest record when none was committed. */
  COMMITTED;

  /** Parses {@code earliest}, {@code latest} or {@code committed}, ignoring case. */
  public static StartingOffsets parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "must be earliest, latest or committed, was '" + value + "'", e);
    }
  }

  // The connector's API still takes Kafka's deprecated OffsetResetStrategy.
  @SuppressWarnings("deprecation")
  public OffsetsInitializer initializer() {
    return switch (this) {
      case EARLIEST -> OffsetsInitializer.earliest();
      case LATEST -> OffsetsInitializer.latest();
      case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
  }
}
