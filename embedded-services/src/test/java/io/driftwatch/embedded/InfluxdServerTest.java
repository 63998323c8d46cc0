package io.driftwatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real influxd binary and talks to it with influxdb-java. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InfluxdServerTest {

  private static final Instant WINDOW_END = Instant.parse("2025-01-01T00:01:00Z");
  private static final String DATABASE = "driftwatch";

  @TempDir Path dataDir;

  private InfluxdServer server;

  @AfterEach
  void closeServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void answersInfluxQlQueriesForAWrittenPoint() throws IOException {
    server = InfluxdServer.start(dataDir, 0);

    try (InfluxDB client = InfluxDBFactory.connect(server.url())) {
      client.query(new Query("CREATE DATABASE " + DATABASE));
      writePsi(client, 0.27);

      assertThat(psiValues(client)).containsExactly(0.27);
    }
    assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
  }

  @Test
  void keepsDataAcrossStopAndRestartOnTheSamePort() throws IOException {
    server = InfluxdServer.start(dataDir, 0);
    int port = server.port();
    try (InfluxDB client = InfluxDBFactory.connect(server.url())) {
      client.query(new Query("CREATE DATABASE " + DATABASE));
      writePsi(client, 0.31);
    }

    server.stop();
    try (InfluxDB client = InfluxDBFactory.connect(server.url())) {
      assertThatThrownBy(client::ping).isInstanceOf(InfluxDBIOException.class);
    }
    server.restart();

    assertThat(server.port()).isEqualTo(port);
    try (InfluxDB client = InfluxDBFactory.connect(server.url())) {
      assertThat(psiValues(client)).containsExactly(0.31);
    }
  }

  @Test
  void listensOnTheRequestedPortAndLogsToTheDataDir() throws IOException {
    int port = FreePort.pick();

    server = InfluxdServer.start(dataDir, port);

    assertThat(server.port()).isEqualTo(port);
    assertThat(Files.readString(dataDir.resolve("influxd.conf")))
        .contains("bind-address = \"127.0.0.1:" + port + "\"")
        .contains("store-enabled = false");
    assertThat(server.logFile()).isEqualTo(dataDir.resolve("influxd.log")).isNotEmptyFile();
  }

  @Test
  void closeTerminatesTheProcess() throws Exception {
    server = InfluxdServer.start(dataDir, 0);
    ProcessHandle handle = server.processHandle().orElseThrow();

    server.close();

    assertThat(handle.isAlive()).isFalse();
    assertThat(server.processHandle()).isEmpty();
  }

  @Test
  void failsWithInstallHintWhenTheBinaryIsMissing() {
    Path bogus = dataDir.resolve("no-such-influxd");

    assertThatThrownBy(() -> InfluxdServer.start(dataDir.resolve("db"), 0, bogus))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("influxd")
        .hasMessageContaining("apt-get install influxdb")
        .hasMessageNotContaining("\n");
  }

  @Test
  void searchesThePathBeforeTheDefaultLocations() throws IOException {
    Path bin = Files.createDirectories(dataDir.resolve("bin"));
    Path fake = Files.createFile(bin.resolve("influxd"));
    fake.toFile().setExecutable(true);

    assertThat(InfluxdExecutable.locate(bin.toString(), List.of(Path.of("/nonexistent/influxd"))))
        .isEqualTo(fake);
    assertThatThrownBy(
            () ->
                InfluxdExecutable.locate("/nonexistent", List.of(Path.of("/nonexistent/influxd"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install influxdb");
  }

  @Test
  void reportsTheLogTailWhenInfluxdExitsBeforeAnswering() throws IOException {
    Path failing = dataDir.resolve("failing-influxd");
    Files.writeString(failing, "#!/bin/sh\necho 'run: simulated bad config' >&2\nexit 3\n");
    failing.toFile().setExecutable(true);

    assertThatThrownBy(() -> InfluxdServer.start(dataDir.resolve("db"), 0, failing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("simulated bad config");
  }

  private static void writePsi(InfluxDB client, double psi) {
    client.write(
        DATABASE,
        "autogen",
        Point.measurement("feature_drift")
            .time(WINDOW_END.toEpochMilli(), TimeUnit.MILLISECONDS)
            .tag("model", "iris")
            .tag("feature", "petal_length")
            .addField("psi", psi)
            .build());
  }

  private static List<Double> psiValues(InfluxDB client) {
    QueryResult result =
        client.query(new Query("SELECT psi FROM feature_drift WHERE model = 'iris'", DATABASE));
    assertThat(result.hasError()).as("query error %s", result.getError()).isFalse();
    QueryResult.Result first = result.getResults().get(0);
    assertThat(first.hasError()).as("statement error %s", first.getError()).isFalse();
    if (first.getSeries() == null) {
      return List.of();
    }
    return first.getSeries().get(0).getValues().stream().map(row -> (Double) row.get(1)).toList();
  }
}
