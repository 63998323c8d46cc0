/**
 * Feature drift, prediction drift and data quality per model version and event-time window, against
 * reference profiles broadcast from {@code model-events}.
 */
package io.driftwatch.flink.drift;
