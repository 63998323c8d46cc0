package io.driftwatch.flink.serving;

import io.driftwatch.stats.serving.ServingSummary;

/**
 * Serving metrics of one model variant in one tumbling event-time window.
 *
 * @param model model name
 * @param version model version; empty when the gateway could not resolve one
 * @param variant traffic variant
 * @param windowStart window start, epoch milliseconds UTC, inclusive
 * @param windowEnd window end, epoch milliseconds UTC, exclusive; the InfluxDB point time
 * @param requests requests in the window, at least 1
 * @param errors requests whose status was not OK
 * @param errorRate errors / requests, in [0, 1]
 * @param latencyP50Ms median latency in milliseconds (KLL estimate)
 * @param latencyP95Ms 95th percentile latency in milliseconds
 * @param latencyP99Ms 99th percentile latency in milliseconds
 * @param throughputRps requests per second of window length
 */
public record ServingWindow(
    String model,
    String version,
    String variant,
    long windowStart,
    long windowEnd,
    long requests,
    long errors,
    double errorRate,
    double latencyP50Ms,
    double latencyP95Ms,
    double latencyP99Ms,
    double throughputRps) {

  static ServingWindow of(ServingKey key, long windowStart, long windowEnd, ServingSummary s) {
    return new ServingWindow(
        key.model(),
        key.version(),
        key.variant(),
        windowStart,
        windowEnd,
        s.requests(),
        s.errors(),
        s.errorRate(),
        s.latencyP50Ms(),
        s.latencyP95Ms(),
        s.latencyP99Ms(),
        s.throughputRps());
  }
}
