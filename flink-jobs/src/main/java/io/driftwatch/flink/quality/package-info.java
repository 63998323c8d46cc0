/**
 * Model quality from late ground truth: the event-time label join, windowed classification and
 * regression quality per (model, version, variant), and the champion-challenger comparison.
 */
package io.driftwatch.flink.quality;
