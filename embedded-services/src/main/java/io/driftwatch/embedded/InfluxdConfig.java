package io.driftwatch.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code influxd.conf} of one private InfluxDB 1.x server: everything under {@code dataDir},
 * HTTP API and RPC (backup/restore) service on 127.0.0.1 only, usage reporting, the {@code
 * _internal} monitor store, subscriptions and HTTP request logging off.
 *
 * @param dataDir directory holding {@code meta/}, {@code data/}, {@code wal/}
 * @param httpPort HTTP API port, 1..65535
 * @param rpcPort RPC bind port, 1..65535, different from {@code httpPort}
 */
record InfluxdConfig(Path dataDir, int httpPort, int rpcPort) {

  InfluxdConfig {
    dataDir = dataDir.toAbsolutePath();
    if (httpPort < 1 || httpPort > 65535) {
      throw new IllegalArgumentException("httpPort must be in 1..65535, got " + httpPort);
    }
    if (rpcPort < 1 || rpcPort > 65535 || rpcPort == httpPort) {
      throw new IllegalArgumentException(
          "rpc port must be in 1..65535 and differ from httpPort " + httpPort);
    }
  }

  /** Writes the config as {@code dataDir/influxd.conf} and returns its path. */
  Path write() throws IOException {
    Path file = dataDir.resolve("influxd.conf");
    Files.writeString(file, render(), StandardCharsets.UTF_8);
    return file;
  }

  /** The TOML text. */
  String render() {
    return """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"

        [meta]
          dir = %s

        [data]
          dir = %s
          wal-dir = %s
          query-log-enabled = false

        [monitor]
          store-enabled = false

        [subscriber]
          enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:%d"
          log-enabled = false
          pprof-enabled = false

        [logging]
          level = "info"
          suppress-logo = true
        """
        .formatted(
            rpcPort,
            quoted(dataDir.resolve("meta")),
            quoted(dataDir.resolve("data")),
            quoted(dataDir.resolve("wal")),
            httpPort);
  }

  private static String quoted(Path path) {
    return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
