package io.driftwatch.stats.alerting;

import java.util.Locale;

/** Alert severity, written lower-case in rule files, labels and payloads. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  /** {@code info}, {@code warning} or {@code critical}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The severity named {@code label} (case-insensitive).
   *
   * @throws IllegalArgumentException for anything but info, warning, critical
   */
  public static Severity fromLabel(String label) {
    for (Severity s : values()) {
      if (s.label().equalsIgnoreCase(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "severity must be one of info, warning, critical, was '" + label + "'");
  }
}
