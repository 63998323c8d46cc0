package io.driftwatch.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Request meters of the inference endpoint, tagged by {@code model} and {@code version} (empty when
 * no version was resolved):
 *
 * <ul>
 *   <li>{@code gateway.inference.success} / {@code gateway.inference.failure} counters, also tagged
 *       by HTTP {@code code}; failures also by {@code reason} ({@link #reasonOf});
 *   <li>{@code gateway.inference.request.duration}, {@code gateway.inference.queue.duration} and
 *       {@code gateway.inference.compute.duration} timers (seconds in Prometheus), each with
 *       Micrometer's percentile histogram buckets up to 10 s, for {@code histogram_quantile};
 *   <li>{@code gateway.inference.batch.size} summary (rows per request) with histogram buckets up
 *       to {@value #MAX_EXPECTED_ROWS} rows;
 *   <li>{@code gateway.inference.pending} gauge: requests being answered right now, whole gateway;
 *   <li>{@code gateway.inference.version.pending} gauge by {@code model} and {@code version}:
 *       requests routed to the version and not yet answered (only versions that served a request);
 *   <li>with dynamic batching on, {@code gateway.inference.execution.rows} summary (rows per model
 *       call, the batch size the model ran; its count is the number of model calls) and {@code
 *       gateway.inference.queue.pending} gauge (requests waiting in the version's batch queue).
 *   <li>{@code gateway.routing.decisions} counter by {@code model} and {@code variant} (champion,
 *       challenger, shadow): requests routed to each traffic variant, shadow copies queued;
 *   <li>{@code gateway.shadow.dropped} counter by {@code model}: shadow copies dropped because the
 *       shadow queue was full.
 * </ul>
 *
 * With batching the queue timer covers the wait for a batch and the compute timer the batch's whole
 * model call.
 *
 * <p>Thread-safe.
 */
final class GatewayMetrics {

  /** Upper end of the batch-size histogram's buckets, in rows. */
  static final int MAX_EXPECTED_ROWS = 4096;

  private static final Duration MAX_EXPECTED_DURATION = Duration.ofSeconds(10);

  /**
   * Failure series kept per (model, version, code) before new ones count under {@value
   * #OTHER_MODEL}.
   */
  static final int MAX_FAILURE_SERIES = 1000;

  /** Model tag of failures beyond {@value #MAX_FAILURE_SERIES} series. */
  static final String OTHER_MODEL = "_other";

  private final MeterRegistry registry;
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<Tags, PendingQueues> pendingQueues = new ConcurrentHashMap<>();
  private final Map<VersionKey, VersionMeters> versions = new ConcurrentHashMap<>();
  private final Map<VersionKey, DistributionSummary> executions = new ConcurrentHashMap<>();
  private final Map<FailureKey, Counter> failures = new ConcurrentHashMap<>();
  private final Map<VariantKey, Counter> routings = new ConcurrentHashMap<>();

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("gateway.inference.pending", pending, AtomicInteger::get)
        .description("Inference requests being answered")
        .register(registry);
  }

  void requestStarted() {
    pending.incrementAndGet();
  }

  void requestFinished() {
    pending.decrementAndGet();
  }

  /** Counts a request routed to a version until {@link #versionFinished}. */
  void versionStarted(String model, String version) {
    meters(model, version).pending.incrementAndGet();
  }

  /** Ends what {@link #versionStarted} counted; no-op for a request no version served. */
  void versionFinished(String model, String version) {
    if (!version.isEmpty()) {
      meters(model, version).pending.decrementAndGet();
    }
  }

  /** Records an answered request. */
  void succeeded(
      String model,
      String version,
      long requestNanos,
      long queueNanos,
      long computeNanos,
      int rows) {
    VersionMeters meters = meters(model, version);
    meters.success.increment();
    meters.request.record(requestNanos, TimeUnit.NANOSECONDS);
    meters.queue.record(queueNanos, TimeUnit.NANOSECONDS);
    meters.compute.record(computeNanos, TimeUnit.NANOSECONDS);
    meters.rows.record(rows);
  }

  /**
   * Records a request answered with an error status. The model tag is the name in the request path,
   * which need not exist; past {@value #MAX_FAILURE_SERIES} failure series, failures of new (model,
   * version, code) combinations count under model {@value #OTHER_MODEL} so that a flood of requests
   * to invented model names cannot grow the registry without bound.
   */
  void failed(String model, String version, int status) {
    FailureKey key = new FailureKey(model, version, status);
    if (failures.size() >= MAX_FAILURE_SERIES && !failures.containsKey(key)) {
      key = new FailureKey(OTHER_MODEL, "", status);
    }
    failures
        .computeIfAbsent(
            key,
            k ->
                Counter.builder("gateway.inference.failure")
                    .tags(
                        "model",
                        k.model(),
                        "version",
                        k.version(),
                        "code",
                        Integer.toString(status),
                        "reason",
                        reasonOf(status))
                    .register(registry))
        .increment();
  }

  /** Records one model call of a dynamic batcher on {@code rows} rows. */
  void executed(String model, String version, int rows) {
    executions
        .computeIfAbsent(
            new VersionKey(model, version),
            key ->
                DistributionSummary.builder("gateway.inference.execution.rows")
                    .description("Rows per model call (dynamic batch size)")
                    .baseUnit("rows")
                    .tags("model", model, "version", version)
                    .register(registry))
        .record(rows);
  }

  private record VersionKey(String model, String version) {}

  private record FailureKey(String model, String version, int status) {}

  private record VariantKey(String model, String variant) {}

  /**
   * The meters of one (model, version), looked up once per request instead of being built and
   * registered again each time; all registered together with the version's first request so each
   * series starts at 0.
   */
  private VersionMeters meters(String model, String version) {
    return versions.computeIfAbsent(
        new VersionKey(model, version), key -> new VersionMeters(registry, model, version));
  }

  private static final class VersionMeters {
    final AtomicInteger pending = new AtomicInteger();
    final Counter success;
    final Timer request;
    final Timer queue;
    final Timer compute;
    final DistributionSummary rows;

    VersionMeters(MeterRegistry registry, String model, String version) {
      Tags tags = Tags.of("model", model, "version", version);
      Gauge.builder("gateway.inference.version.pending", pending, AtomicInteger::get)
          .description("Inference requests routed to the version and not yet answered")
          .tags(tags)
          .register(registry);
      success =
          Counter.builder("gateway.inference.success")
              .tags(tags.and("code", "200"))
              .register(registry);
      request =
          histogramTimer("gateway.inference.request.duration", tags)
              .description("Server-side time to answer an inference request")
              .register(registry);
      queue = histogramTimer("gateway.inference.queue.duration", tags).register(registry);
      compute = histogramTimer("gateway.inference.compute.duration", tags).register(registry);
      rows =
          DistributionSummary.builder("gateway.inference.batch.size")
              .description("Rows per inference request")
              .baseUnit("rows")
              .publishPercentileHistogram()
              .maximumExpectedValue((double) MAX_EXPECTED_ROWS)
              .tags(tags)
              .register(registry);
    }

    private static Timer.Builder histogramTimer(String name, Tags tags) {
      return Timer.builder(name)
          .publishPercentileHistogram()
          .maximumExpectedValue(MAX_EXPECTED_DURATION)
          .tags(tags);
    }
  }

  /**
   * Adds a version's batch queue to its {@code gateway.inference.queue.pending} gauge until the
   * returned registration is removed, which its batcher does when the version unloads. While a
   * reload briefly runs two batchers of the same version the gauge shows both queues; it leaves the
   * registry with the last one.
   */
  Registration registerPendingQueue(String model, String version, Supplier<Number> depth) {
    Tags tags = Tags.of("model", model, "version", version);
    pendingQueues.compute(
        tags,
        (t, existing) -> {
          PendingQueues queues = existing != null ? existing : new PendingQueues(registry, t);
          queues.depths.add(depth);
          return queues;
        });
    return () ->
        pendingQueues.computeIfPresent(
            tags,
            (t, queues) -> {
              queues.depths.remove(depth);
              if (!queues.depths.isEmpty()) {
                return queues;
              }
              registry.remove(queues.gauge);
              return null;
            });
  }

  /** The batch queues of one model version: one, or two while a reload replaces it. */
  private static final class PendingQueues {
    final List<Supplier<Number>> depths = new CopyOnWriteArrayList<>();
    final Gauge gauge;

    PendingQueues(MeterRegistry registry, Tags tags) {
      this.gauge =
          Gauge.builder("gateway.inference.queue.pending", this, PendingQueues::total)
              .description("Inference requests waiting in the version's batch queue")
              .tags(tags)
              .register(registry);
    }

    double total() {
      return depths.stream().mapToDouble(d -> d.get().doubleValue()).sum();
    }
  }

  /** A meter that can be taken out of the registry again. */
  interface Registration {
    void remove();
  }

  /**
   * The {@code reason} tag of a failure: {@code bad_request} (400), {@code unauthorized} (401),
   * {@code forbidden} (403), {@code not_found} (404), {@code conflict} (409), {@code too_large}
   * (413), {@code internal} (500), {@code unavailable} (503), else {@code http_<status>}.
   */
  static String reasonOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 409 -> "conflict";
      case 413 -> "too_large";
      case 500 -> "internal";
      case 503 -> "unavailable";
      default -> "http_" + status;
    };
  }

  /** Counts one request routed to a traffic variant. */
  void routed(String model, String variant) {
    routings
        .computeIfAbsent(
            new VariantKey(model, variant),
            key ->
                Counter.builder("gateway.routing.decisions")
                    .description("Requests routed to each traffic variant (shadow: copies queued)")
                    .tags("model", model, "variant", variant)
                    .register(registry))
        .increment();
  }

  /** Counts one shadow copy dropped because the shadow queue was full. */
  void shadowDropped(String model) {
    Counter.builder("gateway.shadow.dropped")
        .description("Shadow copies dropped because the shadow queue was full")
        .tags("model", model)
        .register(registry)
        .increment();
  }
}
