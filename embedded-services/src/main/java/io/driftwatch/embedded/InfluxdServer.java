package io.driftwatch.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real influxd (InfluxDB 1.x, Debian package) child process with its own config and data dir.
 *
 * <p>The process's stdout and stderr are appended to {@code dataDir/influxd.log}. A JVM shutdown
 * hook terminates the process if the JVM exits without {@link #close()}. Environment variables
 * starting with {@code INFLUXDB_} (which influxd would let override the config file) are not passed
 * to the child.
 *
 * <p>Thread-safe: lifecycle methods are synchronized.
 */
public final class InfluxdServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InfluxdServer.class);
  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final int LOG_TAIL_LINES = 20;

  private final Path executable;
  private final InfluxdConfig config;
  private final Path configFile;
  private final Path logFile;
  private final HttpClient http;
  private final Thread shutdownHook;
  private Process process;

  private InfluxdServer(Path executable, InfluxdConfig config, Path configFile) {
    this.executable = executable;
    this.config = config;
    this.configFile = configFile;
    this.logFile = config.dataDir().resolve("influxd.log");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    this.shutdownHook =
        new Thread(this::destroyOnJvmExit, "influxd-" + config.httpPort() + "-exit");
  }

  /**
   * Finds influxd (PATH, then /usr/bin/influxd, /usr/sbin/influxd); throws IllegalStateException
   * with a one-line reason naming how to install it ("apt-get install influxdb") when missing.
   * httpPort 0 = free port. Writes a config file under dataDir binding http AND the RPC
   * bind-address to 127.0.0.1 (free ports), reporting-disabled, meta/data/wal dirs under dataDir,
   * monitor store disabled, http logging off; captures the process's output to dataDir/influxd.log;
   * returns when GET /ping answers 204 (timeout 30 s, error includes the log tail).
   *
   * @param dataDir directory for config, log and data; created when missing, never deleted
   * @param httpPort HTTP API port, or 0 for a free one
   */
  public static InfluxdServer start(Path dataDir, int httpPort) throws IOException {
    return start(dataDir, httpPort, InfluxdExecutable.locate());
  }

  /**
   * As {@link #start(Path, int)} with an explicit binary.
   *
   * @throws IllegalStateException when {@code executable} is not an executable file
   */
  static InfluxdServer start(Path dataDir, int httpPort, Path executable) throws IOException {
    InfluxdExecutable.locate(null, List.of(executable));
    Files.createDirectories(dataDir);
    int port = FreePort.orFree(httpPort);
    int rpcPort = FreePort.pick();
    while (rpcPort == port) {
      rpcPort = FreePort.pick();
    }
    InfluxdConfig config = new InfluxdConfig(dataDir, port, rpcPort);
    InfluxdServer server = new InfluxdServer(executable, config, config.write());
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      server.restart();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** HTTP API base URL, {@code "http://127.0.0.1:<port>"}; stable across {@link #restart()}. */
  public String url() {
    return "http://127.0.0.1:" + config.httpPort();
  }

  /** HTTP API port. */
  public int port() {
    return config.httpPort();
  }

  /** The running process, or empty while stopped; for tests that check nothing is leaked. */
  synchronized Optional<ProcessHandle> processHandle() {
    return Optional.ofNullable(process).map(Process::toHandle);
  }

  /** The log file that receives the process's output. */
  public Path logFile() {
    return logFile;
  }

  /**
   * Stops the process (SIGTERM, then kill after 10 s), for outage tests; {@link #restart()} brings
   * it back on the same port and data. Does nothing when already stopped.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    Process stopping = process;
    process = null;
    terminate(stopping);
    LOG.info("influxd on {} stopped", url());
  }

  /**
   * Starts the process again on the same ports, config and data; returns when {@code GET /ping}
   * answers 204.
   *
   * @throws IllegalStateException when it is running
   * @throws IOException when the process cannot be started, exits, or does not answer within 30 s;
   *     the message ends with the last lines of the log
   */
  public synchronized void restart() throws IOException {
    if (process != null) {
      throw new IllegalStateException("influxd on " + url() + " is already running");
    }
    ProcessBuilder builder =
        new ProcessBuilder(executable.toString(), "run", "-config", configFile.toString())
            .directory(config.dataDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("INFLUXDB_"));
    Process started = builder.start();
    try {
      awaitPing(started);
    } catch (IOException | RuntimeException e) {
      terminate(started);
      throw e;
    }
    process = started;
    LOG.info("influxd {} listening on {} (data in {})", executable, url(), config.dataDir());
  }

  /** Destroys the process (SIGTERM, then kill after 10 s); keeps the data directory. */
  @Override
  public synchronized void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException jvmAlreadyExiting) {
      // the hook is running or about to; it finds nothing left to stop
    }
  }

  private void awaitPing(Process started) throws IOException {
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new IOException(
            "influxd exited with code " + started.exitValue() + " before answering; " + logTail());
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
          return;
        }
      } catch (IOException notListeningYet) {
        // retried until the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for influxd on " + url(), e);
      }
      sleep(POLL_INTERVAL);
    }
    throw new IOException(
        "influxd did not answer GET " + url() + "/ping within " + READY_TIMEOUT + "; " + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "last lines of " + logFile + ":\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "log " + logFile + " unreadable: " + e.getMessage();
    }
  }

  private static void terminate(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void destroyOnJvmExit() {
    Process running;
    synchronized (this) {
      running = process;
    }
    if (running != null) {
      terminate(running);
    }
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
