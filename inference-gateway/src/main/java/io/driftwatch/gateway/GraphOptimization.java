package io.driftwatch.gateway;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** ONNX Runtime's graph optimisation level of every session the gateway opens. */
public enum GraphOptimization {
  /** No graph optimisation. */
  NONE(OptLevel.NO_OPT),
  /** Semantics-preserving rewrites: constant folding, redundant node elimination. */
  BASIC(OptLevel.BASIC_OPT),
  /** BASIC plus node fusions. */
  EXTENDED(OptLevel.EXTENDED_OPT),
  /** EXTENDED plus layout optimisations; ONNX Runtime's default. */
  ALL(OptLevel.ALL_OPT);

  private final OptLevel level;

  GraphOptimization(OptLevel level) {
    this.level = level;
  }

  OptLevel level() {
    return level;
  }

  /**
   * Parses {@code none}, {@code basic}, {@code extended} or {@code all}, in any case.
   *
   * @throws IllegalArgumentException naming {@code key} for anything else
   */
  public static GraphOptimization parse(String text, String key) {
    String accepted =
        Arrays.stream(values())
            .map(v -> v.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining("|"));
    if (text == null) {
      throw new IllegalArgumentException(key + " must be one of " + accepted);
    }
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key + " must be one of " + accepted + ", was '" + text + "'", e);
    }
  }
}
