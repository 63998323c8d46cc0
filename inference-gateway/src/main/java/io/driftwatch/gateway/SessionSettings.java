package io.driftwatch.gateway;

import java.util.Objects;

/**
 * ONNX Runtime options of every session the gateway opens, validated once at the edge; errors name
 * the key.
 *
 * @param intraOpThreads threads one operator may use, 0..{@value #MAX_THREADS}; 0 leaves ONNX
 *     Runtime's default (one per physical core) (key {@code gateway.intra-op-threads}, default 0)
 * @param interOpThreads threads that run independent operators in parallel, 0..{@value
 *     #MAX_THREADS}; 0 or 1 keeps sequential execution, more switches the session to parallel
 *     execution (key {@code gateway.inter-op-threads}, default 0)
 * @param graphOptimization graph optimisation level (key {@code gateway.graph-optimization},
 *     default {@link GraphOptimization#ALL})
 */
public record SessionSettings(
    int intraOpThreads, int interOpThreads, GraphOptimization graphOptimization) {

  /** Largest accepted thread count. */
  public static final int MAX_THREADS = 1024;

  /** ONNX Runtime's defaults: its own thread counts, sequential execution, every optimisation. */
  public static final SessionSettings DEFAULTS = new SessionSettings(0, 0, GraphOptimization.ALL);

  public SessionSettings {
    requireThreads(intraOpThreads, "gateway.intra-op-threads");
    requireThreads(interOpThreads, "gateway.inter-op-threads");
    Objects.requireNonNull(
        graphOptimization, "gateway.graph-optimization must be one of none|basic|extended|all");
  }

  private static void requireThreads(int threads, String key) {
    if (threads < 0 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          key + " must be 0.." + MAX_THREADS + " (0: ONNX Runtime's default), was " + threads);
    }
  }
}
