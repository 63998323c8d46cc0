/** Reading predictions from Kafka: decoding, event time and watermarks. */
package io.driftwatch.flink.source;
