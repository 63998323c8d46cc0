/**
 * Serving statistics of one model variant over one window: request and error counts and a latency
 * distribution sketch. Pure Java, no Flink, Kafka or HTTP.
 */
package io.driftwatch.stats.serving;
