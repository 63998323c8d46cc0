package io.driftwatch.stats.alerting;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a rule compares a metric value with its threshold. NaN never satisfies any comparison. */
public enum Comparison {
  GREATER(">"),
  GREATER_OR_EQUAL(">="),
  LESS("<"),
  LESS_OR_EQUAL("<="),
  EQUAL("=="),
  NOT_EQUAL("!=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in rule files: {@code >}, {@code >=}, {@code <}, ... */
  public String symbol() {
    return symbol;
  }

  /** Whether {@code value <op> threshold}; false when either is NaN. */
  public boolean test(double value, double threshold) {
    if (Double.isNaN(value) || Double.isNaN(threshold)) {
      return false;
    }
    return switch (this) {
      case GREATER -> value > threshold;
      case GREATER_OR_EQUAL -> value >= threshold;
      case LESS -> value < threshold;
      case LESS_OR_EQUAL -> value <= threshold;
      case EQUAL -> value == threshold;
      case NOT_EQUAL -> value != threshold;
    };
  }

  /** True for {@code >} and {@code >=}: the alert is about a value that is too high. */
  boolean upward() {
    return this == GREATER || this == GREATER_OR_EQUAL;
  }

  /** True for {@code <} and {@code <=}. */
  boolean downward() {
    return this == LESS || this == LESS_OR_EQUAL;
  }

  /** The short word for the operator, for YAML where a bare {@code >} starts a block scalar. */
  public String word() {
    return switch (this) {
      case GREATER -> "gt";
      case GREATER_OR_EQUAL -> "ge";
      case LESS -> "lt";
      case LESS_OR_EQUAL -> "le";
      case EQUAL -> "eq";
      case NOT_EQUAL -> "ne";
    };
  }

  /**
   * The comparison written as {@code text}: one of the six operators or its {@link #word()}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Comparison fromSymbol(String text) {
    String trimmed = text == null ? "" : text.trim();
    for (Comparison c : values()) {
      if (c.symbol.equals(trimmed) || c.word().equalsIgnoreCase(trimmed)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "comparison must be one of "
            + Arrays.stream(values()).map(Comparison::symbol).collect(Collectors.joining(" "))
            + " (quoted in YAML) or "
            + Arrays.stream(values()).map(Comparison::word).collect(Collectors.joining(" "))
            + ", was '"
            + text
            + "'");
  }
}
