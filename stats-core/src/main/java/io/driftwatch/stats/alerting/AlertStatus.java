package io.driftwatch.stats.alerting;

import java.util.Locale;

/** What an {@link AlertTransition} announces. */
public enum AlertStatus {
  FIRING,
  RESOLVED;

  /** {@code firing} or {@code resolved}, as in the Alertmanager webhook. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
