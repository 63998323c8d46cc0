package io.driftwatch.stats.serving;

/**
 * Serving statistics of one window.
 *
 * @param requests requests answered in the window, at least 1
 * @param errors requests that ended in an error answer, 0..requests
 * @param errorRate errors / requests, in [0, 1]
 * @param latencyP50Ms median server-side latency in milliseconds (KLL estimate, see {@link
 *     LatencyDistribution#RANK_ERROR})
 * @param latencyP95Ms 95th percentile latency in milliseconds
 * @param latencyP99Ms 99th percentile latency in milliseconds
 * @param throughputRps requests per second of window length
 */
public record ServingSummary(
    long requests,
    long errors,
    double errorRate,
    double latencyP50Ms,
    double latencyP95Ms,
    double latencyP99Ms,
    double throughputRps) {}
