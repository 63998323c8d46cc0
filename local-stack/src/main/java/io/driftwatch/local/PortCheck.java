package io.driftwatch.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks before anything starts that the fixed loopback ports the stack needs are free, so a clash
 * (say, a system {@code influxd} service on 8086) fails in one line naming the option to change,
 * instead of half-way through start-up. Port 0 (any free port) is never checked.
 */
final class PortCheck {

  private final Map<String, Integer> ports = new LinkedHashMap<>();

  PortCheck require(String option, int port) {
    if (port > 0) {
      ports.put(option, port);
    }
    return this;
  }

  /** Empty when every port is free; otherwise one message per taken port. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    ports.forEach(
        (option, port) -> {
          if (!free(port)) {
            problems.add(
                "port "
                    + port
                    + " ("
                    + option
                    + ") is already in use on 127.0.0.1: stop what listens there"
                    + (port == LocalStackConfig.DEFAULT_INFLUX_PORT
                        ? " (a system influxdb service? 'systemctl stop influxdb')"
                        : "")
                    + " or pass "
                    + option
                    + " with another port");
          }
        });
    return problems;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
