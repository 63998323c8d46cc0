/**
 * Concept-drift detectors (ADWIN, DDM, Page-Hinkley from stats-core) on each model version's error
 * stream, held in keyed, checkpointed state.
 */
package io.driftwatch.flink.concept;
