package io.driftwatch.embedded;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the {@code influxd} binary of InfluxDB 1.x. */
final class InfluxdExecutable {

  /** Where the Debian/Ubuntu package installs it, tried after {@code PATH}. */
  static final List<Path> DEFAULT_LOCATIONS =
      List.of(Path.of("/usr/bin/influxd"), Path.of("/usr/sbin/influxd"));

  private InfluxdExecutable() {}

  /** Looks in the process's {@code PATH}, then {@link #DEFAULT_LOCATIONS}. */
  static Path locate() {
    return locate(System.getenv("PATH"), DEFAULT_LOCATIONS);
  }

  /**
   * Looks in every directory of {@code pathVariable} (may be null), then in {@code fallbacks}.
   *
   * @throws IllegalStateException with a one-line reason naming how to install it
   */
  static Path locate(String pathVariable, List<Path> fallbacks) {
    List<Path> candidates = new ArrayList<>();
    if (pathVariable != null) {
      for (String dir : pathVariable.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "influxd"));
        }
      }
    }
    candidates.addAll(fallbacks);
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "influxd (InfluxDB 1.x) not found on PATH or at "
                        + fallbacks
                        + "; install it with: sudo apt-get install influxdb"));
  }
}
