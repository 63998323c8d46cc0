package io.driftwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Dynamic batching of a model's loaded versions, as Triton's {@code dynamic_batching}: requests
 * wait in a bounded per-version queue until a batch of {@code maxBatchSize} rows is full or the
 * oldest has waited {@code maxQueueDelayMicros}, then run as one model call. The gateway's options
 * set every model's default; a model's {@code config.json} overrides it ({@link #read}). Validated
 * once; every error names its key.
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
    if (maxQueueDelayMicros < 0 || maxQueueDelayMicros > MAX_QUEUE_DELAY_MICROS) {
      throw new IllegalArgumentException(
          "gateway.max-queue-delay-us must be 0..10000000, was " + maxQueueDelayMicros);
    }
    if (maxQueueSize < 1 || maxQueueSize > 1_000_000) {
      throw new IllegalArgumentException(
          "gateway.max-queue-size must be 1..1000000, was " + maxQueueSize);
    }
  }

  /** Largest {@code max_queue_delay_microseconds} a model's configuration may set. */
  private static final long MAX_QUEUE_DELAY_MICROS = 10_000_000;

  /**
   * The batching of the model in {@code modelDirectory}, from its {@code config.json} in Triton's
   * keys, each absent one taken from {@code fallback} (the gateway's options):
   *
   * <ul>
   *   <li>a {@code dynamic_batching} block turns batching on for this model, whatever the gateway's
   *       default; it is refused when the max batch size (the model's, else the gateway's) is below
   *       2, as Triton refuses it;
   *   <li>{@code max_batch_size}: rows per model call; 0 or 1 and this model does not batch;
   *       without a {@code dynamic_batching} block it only caps the gateway's batching, it turns
   *       none on;
   *   <li>{@code dynamic_batching.max_queue_delay_microseconds};
   *   <li>{@code dynamic_batching.default_queue_policy.max_queue_size}: Triton's 0 (unbounded) is
   *       refused, every queue here is bounded.
   * </ul>
   *
   * Other keys of the file (Triton's {@code preferred_batch_size}, {@code instance_group}, ...) are
   * not read.
   *
   * @throws ModelLoadException naming the file and the key that is wrong
   */
  static BatchingConfig read(Path modelDirectory, ObjectMapper json, BatchingConfig fallback)
      throws ModelLoadException {
    Optional<JsonNode> config = ModelConfigFile.read(modelDirectory, json);
    if (config.isEmpty()) {
      return fallback;
    }
    Path file = ModelConfigFile.of(modelDirectory);
    JsonNode root = config.get();
    long ownMax = number(file, root, "max_batch_size", 0, 65_536, -1);
    JsonNode dynamic = root.get("dynamic_batching");
    if (dynamic == null || dynamic.isNull()) {
      if (ownMax < 0 || !fallback.enabled()) {
        return fallback;
      }
      return new BatchingConfig(
          (int) Math.max(1, ownMax), fallback.maxQueueDelayMicros, fallback.maxQueueSize);
    }
    if (!dynamic.isObject()) {
      throw new ModelLoadException(file + ": dynamic_batching must be an object, was " + dynamic);
    }
    int maxBatchSize = ownMax < 0 ? fallback.maxBatchSize : (int) ownMax;
    if (maxBatchSize < 2) {
      throw new ModelLoadException(
          file
              + ": dynamic_batching needs a max_batch_size of at least 2, "
              + (ownMax < 0 ? "the gateway's (--max-batch-size) is " : "the model's is ")
              + maxBatchSize);
    }
    long delay =
        number(
            file,
            dynamic,
            "dynamic_batching.max_queue_delay_microseconds",
            0,
            MAX_QUEUE_DELAY_MICROS,
            fallback.maxQueueDelayMicros);
    JsonNode queuePolicy = dynamic.path("default_queue_policy");
    if (!queuePolicy.isMissingNode() && !queuePolicy.isNull() && !queuePolicy.isObject()) {
      throw new ModelLoadException(
          file + ": dynamic_batching.default_queue_policy must be an object, was " + queuePolicy);
    }
    long queueSize =
        number(
            file,
            queuePolicy,
            "dynamic_batching.default_queue_policy.max_queue_size",
            1,
            1_000_000,
            fallback.maxQueueSize);
    return new BatchingConfig(maxBatchSize, delay, (int) queueSize);
  }

  /** The integer at the last segment of {@code key} in {@code parent}, or {@code absent}. */
  private static long number(
      Path file, JsonNode parent, String key, long min, long max, long absent)
      throws ModelLoadException {
    JsonNode value = parent.get(key.substring(key.lastIndexOf('.') + 1));
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      throw new ModelLoadException(
          file + ": " + key + " must be an integer " + min + ".." + max + ", was " + value);
    }
    return value.asLong();
  }

  /** Whether requests are batched at all (max batch size above 1). */
  public boolean enabled() {
    return maxBatchSize > 1;
  }
}
