package io.driftwatch.gateway;

/** Whether the gateway accepts work: serving from start until shutdown begins. Thread-safe. */
final class Readiness {

  private volatile boolean shuttingDown;

  void shutdownStarted() {
    shuttingDown = true;
  }

  boolean isShuttingDown() {
    return shuttingDown;
  }
}
