/** Flink type information and serializers for sketch-backed state values. */
package io.driftwatch.flink.state;
