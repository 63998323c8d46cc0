package io.driftwatch.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a command run until Ctrl-C (SIGINT) or SIGTERM and still finish its own orderly shutdown:
 * the JVM's shutdown hook signals the command, then waits up to 60 s for {@link #close()}.
 */
final class ShutdownSignal implements AutoCloseable {

  private static final Duration GRACE = Duration.ofSeconds(60);

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private ShutdownSignal(String name) {
    this.hook =
        new Thread(
            () -> {
              requested.countDown();
              try {
                finished.await(GRACE.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name + "-shutdown");
  }

  static ShutdownSignal install(String name) {
    ShutdownSignal signal = new ShutdownSignal(name);
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /** Waits up to {@code timeout}; true once shutdown was requested. */
  boolean awaitRequest(Duration timeout) throws InterruptedException {
    return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until shutdown is requested. */
  void awaitRequest() throws InterruptedException {
    requested.await();
  }

  /** The command has shut down; lets the JVM exit (or unregisters the hook if none came). */
  @Override
  public void close() {
    finished.countDown();
    if (requested.getCount() > 0) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The JVM is exiting anyway; the hook returns at once since finished is counted down.
      }
    }
  }
}
