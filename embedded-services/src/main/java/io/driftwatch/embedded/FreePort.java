package io.driftwatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks a currently unused TCP port on 127.0.0.1.
 *
 * <p>The port is released before it is returned, so another process could take it before the caller
 * binds it; the window is a few milliseconds and acceptable for local runs and tests.
 */
final class FreePort {

  private FreePort() {}

  /** Returns a port in the ephemeral range that was free on 127.0.0.1 a moment ago. */
  static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
    }
  }

  /** Returns {@code requested} when it is positive, otherwise a free port. */
  static int orFree(int requested) {
    return requested > 0 ? requested : pick();
  }
}
