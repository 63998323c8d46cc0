/** A Flink Sink V2 writing points to InfluxDB 1.x. */
package io.driftwatch.flink.influx;
