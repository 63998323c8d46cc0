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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Request meters of the inference endpoint, tagged by {@code model} and {@code version} (empty when
 * no version was resolved):
 *
 * <ul>
 *   <li>{@code gateway.inference.success} / {@code gateway.inference.failure} counters, also tagged
 *       by HTTP {@code code};
 *   <li>{@code gateway.inference.request.duration}, {@code gateway.inference.queue.duration} and
 *       {@code gateway.inference.compute.duration} timers (seconds in Prometheus);
 *   <li>{@code gateway.inference.batch.size} summary (rows per request);
 *   <li>{@code gateway.inference.pending} gauge: requests being answered right now;
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

  private final MeterRegistry registry;
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<Tags, PendingQueues> pendingQueues = new ConcurrentHashMap<>();

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

  /** Records an answered request. */
  void succeeded(
      String model,
      String version,
      long requestNanos,
      long queueNanos,
      long computeNanos,
      int rows) {
    Tags tags = Tags.of("model", model, "version", version);
    counter("gateway.inference.success", tags.and("code", "200")).increment();
    Timer.builder("gateway.inference.request.duration")
        .description("Server-side time to answer an inference request")
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofSeconds(10))
        .tags(tags)
        .register(registry)
        .record(Duration.ofNanos(requestNanos));
    timer("gateway.inference.queue.duration", tags).record(Duration.ofNanos(queueNanos));
    timer("gateway.inference.compute.duration", tags).record(Duration.ofNanos(computeNanos));
    DistributionSummary.builder("gateway.inference.batch.size")
        .description("Rows per inference request")
        .baseUnit("rows")
        .tags(tags)
        .register(registry)
        .record(rows);
  }

  /** Records a request answered with an error status. */
  void failed(String model, String version, int status) {
    counter(
            "gateway.inference.failure",
            Tags.of("model", model, "version", version, "code", Integer.toString(status)))
        .increment();
  }

  /** Records one model call of a dynamic batcher on {@code rows} rows. */
  void executed(String model, String version, int rows) {
    DistributionSummary.builder("gateway.inference.execution.rows")
        .description("Rows per model call (dynamic batch size)")
        .baseUnit("rows")
        .tags(Tags.of("model", model, "version", version))
        .register(registry)
        .record(rows);
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

  /** Counts one request routed to a traffic variant. */
  void routed(String model, String variant) {
    Counter.builder("gateway.routing.decisions")
        .description("Requests routed to each traffic variant (shadow: copies queued)")
        .tags("model", model, "variant", variant)
        .register(registry)
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

  private Counter counter(String name, Tags tags) {
    return Counter.builder(name).tags(tags).register(registry);
  }

  private Timer timer(String name, Tags tags) {
    return Timer.builder(name).tags(tags).register(registry);
  }
}
