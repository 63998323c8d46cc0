package io.driftwatch.flink.quality;

/**
 * The quality of one (model, version, variant) over one event-time window of label times.
 *
 * @param model model name
 * @param version model version
 * @param variant champion, challenger or shadow
 * @param windowStart window start, epoch ms UTC, inclusive
 * @param windowEnd window end, epoch ms UTC, exclusive; the InfluxDB point time
 * @param quality the window's metrics, at least one labeled prediction
 */
public record QualityWindow(
    String model,
    String version,
    String variant,
    long windowStart,
    long windowEnd,
    QualityAccumulator quality) {}
