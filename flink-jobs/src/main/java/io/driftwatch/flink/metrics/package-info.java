/** Measurement points the monitoring jobs emit, in a form Flink serializes without Kryo. */
package io.driftwatch.flink.metrics;
