/** Serving metrics per model variant and window: requests, errors, latency quantiles. */
package io.driftwatch.flink.serving;
