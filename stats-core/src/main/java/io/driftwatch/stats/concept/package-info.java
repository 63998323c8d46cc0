/**
 * Concept-drift detectors on a stream of model errors: {@link io.driftwatch.stats.concept.Adwin}
 * (Bifet &amp; Gavaldà 2007), {@link io.driftwatch.stats.concept.Ddm} (Gama et al. 2004) and {@link
 * io.driftwatch.stats.concept.PageHinkley} (Page 1954, Mouss et al. 2004). Each consumes one value
 * per labeled prediction (1 = the model was wrong, 0 = right; Adwin and PageHinkley also accept a
 * loss in [0, 1]) and serializes its whole state to bytes for Flink keyed state. Pure Java, no
 * Flink, Kafka or HTTP.
 */
package io.driftwatch.stats.concept;
