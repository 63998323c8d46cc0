package io.driftwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  /** Most rows per model call. */
  static final int MAX_BATCH_SIZE = 65_536;

  /** Longest queue delay, microseconds. */
  static final long MAX_QUEUE_DELAY_MICROS = 10_000_000;

  /** Most requests a version's queue holds. */
  static final int MAX_QUEUE_SIZE = 1_000_000;

  private static final Logger LOG = LoggerFactory.getLogger(BatchingConfig.class);

  /** Keys of a {@code dynamic_batching} block the gateway applies. */
  private static final Set<String> APPLIED = Set.of("max_queue_delay_microseconds");

  public BatchingConfig {
    if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "gateway.max-batch-size must be 1.." + MAX_BATCH_SIZE + ", was " + maxBatchSize);
    }
    if (maxQueueDelayMicros < 0 || maxQueueDelayMicros > MAX_QUEUE_DELAY_MICROS) {
      throw new IllegalArgumentException(
          "gateway.max-queue-delay-us must be 0.."
              + MAX_QUEUE_DELAY_MICROS
              + ", was "
              + maxQueueDelayMicros);
    }
    if (maxQueueSize < 1 || maxQueueSize > MAX_QUEUE_SIZE) {
      throw new IllegalArgumentException(
          "gateway.max-queue-size must be 1.." + MAX_QUEUE_SIZE + ", was " + maxQueueSize);
    }
  }

  /**
   * The batching of the model in {@code modelDirectory}, from its configuration ({@link
   * ModelConfigFile}) in Triton's keys, each absent one taken from {@code fallback} (the gateway's
   * options):
   *
   * <ul>
   *   <li>a {@code dynamic_batching} block turns batching on for this model, whatever the gateway's
   *       default, unless the max batch size (the model's, else the gateway's) is below 2: a batch
   *       of one row is no batch, so the model runs each request alone, logged as a warning;
   *   <li>{@code max_batch_size}: rows per model call; 0 or 1 and this model does not batch;
   *       without a {@code dynamic_batching} block it only caps the gateway's batching, it turns
   *       none on;
   *   <li>{@code dynamic_batching.max_queue_delay_microseconds};
   *   <li>{@code dynamic_batching.default_queue_policy.max_queue_size}: Triton's 0 (unbounded)
   *       takes the gateway's bound instead, logged as a warning: every queue here is bounded.
   * </ul>
   *
   * Integers may be JSON numbers or, as protobuf's JSON writes 64-bit ones, strings of digits.
   * Triton keys of the block the gateway does not apply ({@code preferred_batch_size}, priorities,
   * timeouts) are logged as such; the file's other keys ({@code input}, {@code instance_group},
   * ...) are not read.
   *
   * @throws ModelLoadException naming the file and the key that is wrong
   */
  static BatchingConfig read(Path modelDirectory, ObjectMapper json, BatchingConfig fallback)
      throws ModelLoadException {
    return of(ModelConfigFile.read(modelDirectory, json), modelDirectory, fallback);
  }

  /**
   * As {@link #read}, from the configuration {@code config} already read from the model in {@code
   * modelDirectory}.
   */
  static BatchingConfig of(Optional<JsonNode> config, Path modelDirectory, BatchingConfig fallback)
      throws ModelLoadException {
    if (config.isEmpty()) {
      return fallback;
    }
    Path file = ModelConfigFile.of(modelDirectory);
    JsonNode root = config.get();
    long ownMax = number(file, root, "max_batch_size", 0, MAX_BATCH_SIZE, -1);
    JsonNode dynamic = root.get("dynamic_batching");
    if (dynamic == null || dynamic.isNull()) {
      if (ownMax < 0 || !fallback.enabled()) {
        return fallback;
      }
      return new BatchingConfig(
          (int) Math.min(fallback.maxBatchSize, Math.max(1, ownMax)),
          fallback.maxQueueDelayMicros,
          fallback.maxQueueSize);
    }
    if (!dynamic.isObject()) {
      throw new ModelLoadException(file + ": dynamic_batching must be an object, was " + dynamic);
    }
    int maxBatchSize = ownMax < 0 ? fallback.maxBatchSize : (int) ownMax;
    if (maxBatchSize < 2) {
      LOG.warn(
          "{}: dynamic_batching needs a max_batch_size of at least 2, {}{}; the model runs each"
              + " request alone",
          file,
          ownMax < 0 ? "and the file sets none while --max-batch-size is " : "the file sets ",
          maxBatchSize);
      return new BatchingConfig(1, fallback.maxQueueDelayMicros, fallback.maxQueueSize);
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
            0,
            MAX_QUEUE_SIZE,
            fallback.maxQueueSize);
    if (queueSize == 0) {
      LOG.warn(
          "{}: dynamic_batching.default_queue_policy.max_queue_size 0 (unbounded) is not offered;"
              + " the queue holds {} requests (--max-queue-size)",
          file,
          fallback.maxQueueSize);
      queueSize = fallback.maxQueueSize;
    }
    logNotApplied(file, dynamic, queuePolicy);
    return new BatchingConfig(maxBatchSize, delay, (int) queueSize);
  }

  /** What this batching is, for logs: its rows, delay and queue bound, or that it is off. */
  String describe() {
    return enabled()
        ? "batching up to "
            + maxBatchSize
            + " rows, "
            + maxQueueDelayMicros
            + " µs queue delay, queue of "
            + maxQueueSize
        : "no batching";
  }

  private static void logNotApplied(Path file, JsonNode dynamic, JsonNode queuePolicy) {
    List<String> ignored = new ArrayList<>();
    dynamic
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!APPLIED.contains(key) && !key.equals("default_queue_policy")) {
                ignored.add("dynamic_batching." + key);
              }
            });
    if (queuePolicy.isObject()) {
      queuePolicy
          .fieldNames()
          .forEachRemaining(
              key -> {
                if (!key.equals("max_queue_size")) {
                  ignored.add("dynamic_batching.default_queue_policy." + key);
                }
              });
    }
    if (!ignored.isEmpty()) {
      LOG.warn("{}: not applied by this gateway: {}", file, ignored);
    }
  }

  /**
   * The integer at the last segment of {@code key} in {@code parent}, a JSON number or a string of
   * digits, or {@code absent} when it is not there.
   */
  private static long number(
      Path file, JsonNode parent, String key, long min, long max, long absent)
      throws ModelLoadException {
    JsonNode value = parent.get(key.substring(key.lastIndexOf('.') + 1));
    if (value == null || value.isNull()) {
      return absent;
    }
    Long number = ModelConfigFile.integer(value).orElse(null);
    if (number == null || number < min || number > max) {
      throw new ModelLoadException(
          file + ": " + key + " must be an integer " + min + ".." + max + ", was " + value);
    }
    return number;
  }

  /** Whether requests are batched at all (max batch size above 1). */
  public boolean enabled() {
    return maxBatchSize > 1;
  }
}
