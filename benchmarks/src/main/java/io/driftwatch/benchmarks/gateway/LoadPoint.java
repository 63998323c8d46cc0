package io.driftwatch.benchmarks.gateway;

import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * What one closed-loop run measured in its window.
 *
 * @param target what was loaded, for example {@code gateway demo, log off}
 * @param concurrency client connections, each with one request in flight
 * @param requests answers (any status) completed inside the window
 * @param errors answers that were not 200, or failed connections
 * @param windowSeconds length of the measurement window
 * @param cpuSeconds CPU time of the whole process (clients, servers, broker) in the window
 * @param jitSeconds CPU time of the JIT compiler threads in the window (part of {@code
 *     cpuSeconds}); NaN where it could not be read
 * @param brokerCpuSeconds CPU time of the in-process Kafka broker's threads in the window (part of
 *     {@code cpuSeconds}); 0 when the target sends it nothing
 * @param latencyMicros client-side latency of each answer in the window, µs
 */
record LoadPoint(
    String target,
    int concurrency,
    long requests,
    long errors,
    double windowSeconds,
    double cpuSeconds,
    double jitSeconds,
    double brokerCpuSeconds,
    Histogram latencyMicros) {

  /**
   * The point of {@code target} at {@code concurrency} among {@code points}, the first if several.
   */
  static Optional<LoadPoint> find(List<LoadPoint> points, String target, int concurrency) {
    return points.stream()
        .filter(p -> p.target().equals(target) && p.concurrency() == concurrency)
        .findFirst();
  }

  double throughput() {
    return requests / windowSeconds;
  }

  /** CPU time a request cost the process, clients included, µs. */
  double cpuMicrosPerRequest() {
    return cpuSeconds * 1e6 / requests;
  }

  /** CPU time a request cost the broker, µs: what a broker on another machine would spare. */
  double brokerMicrosPerRequest() {
    return brokerCpuSeconds * 1e6 / requests;
  }

  /** CPU time a request cost the process without the broker's share, µs. */
  double cpuMicrosPerRequestWithoutBroker() {
    return cpuMicrosPerRequest() - brokerMicrosPerRequest();
  }

  /** Share of the window's CPU time the JIT compilers spent compiling, 0..1. */
  double jitShare() {
    return cpuSeconds == 0 ? Double.NaN : jitSeconds / cpuSeconds;
  }

  /** Cores busy on average in the window. */
  double busyCores() {
    return cpuSeconds / windowSeconds;
  }

  /** Latency at {@code percentile} (0..100), milliseconds. */
  double latencyMillis(double percentile) {
    return latencyMicros.getValueAtPercentile(percentile) / 1_000.0;
  }
}
