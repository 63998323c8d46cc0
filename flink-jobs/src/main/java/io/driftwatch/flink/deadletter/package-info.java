/**
 * The {@code dead-letters} topic: records the job could not use (from its sources) or deliver
 * (webhooks), each an Avro {@link io.driftwatch.schemas.DeadLetter} with the reason.
 */
package io.driftwatch.flink.deadletter;
