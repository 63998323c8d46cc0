package io.driftwatch.gateway;

/**
 * Dynamic batching of every loaded model version, as Triton's {@code dynamic_batching}: requests
 * wait in a bounded per-version queue until a batch of {@code maxBatchSize} rows is full or the
 * oldest has waited {@code maxQueueDelayMicros}, then run as one model call. Validated once; every
 * error names its key.
 *
 * @param maxBatchSize rows per model call, 1..65 536 (key {@code gateway.max-batch-size}); 1 turns
 *     batching off and every request runs the model directly on its own thread, as before batching
 *     existed
 * @param maxQueueDelayMicros longest a request waits for others to join its batch, microseconds,
 *     0..10 000 000 (key {@code gateway.max-queue-delay-us}); 0 batches only what is already queued
 *     when the model becomes free
 * @param maxQueueSize requests a version's queue holds, 1..1 000 000 (key {@code
 *     gateway.max-queue-size}); a request that finds it full is answered 503 with {@code
 *     Retry-After} at once
 */
public record BatchingConfig(int maxBatchSize, long maxQueueDelayMicros, int maxQueueSize) {

  /** Triton's default: no batching. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 1;

  /** Triton's default delay once batching is on: batch what is queued, wait for nothing more. */
  public static final long DEFAULT_MAX_QUEUE_DELAY_MICROS = 0;

  /** Default queue bound per version: 1 024 requests. */
  public static final int DEFAULT_MAX_QUEUE_SIZE = 1_024;

  /** Batching off. */
  public static final BatchingConfig OFF =
      new BatchingConfig(
          DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_QUEUE_DELAY_MICROS, DEFAULT_MAX_QUEUE_SIZE);

  public BatchingConfig {
    if (maxBatchSize < 1 || maxBatchSize > 65_536) {
      throw new IllegalArgumentException(
          "gateway.max-batch-size must be 1..65536, was " + maxBatchSize);
    }
    if (maxQueueDelayMicros < 0 || maxQueueDelayMicros > 10_000_000) {
      throw new IllegalArgumentException(
          "gateway.max-queue-delay-us must be 0..10000000, was " + maxQueueDelayMicros);
    }
    if (maxQueueSize < 1 || maxQueueSize > 1_000_000) {
      throw new IllegalArgumentException(
          "gateway.max-queue-size must be 1..1000000, was " + maxQueueSize);
    }
  }

  /** Whether requests are batched at all (max batch size above 1). */
  public boolean enabled() {
    return maxBatchSize > 1;
  }
}
