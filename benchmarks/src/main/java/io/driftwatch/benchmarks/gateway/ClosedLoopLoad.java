package io.driftwatch.benchmarks.gateway;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * A perf_analyzer-style closed-loop load: {@code concurrency} threads, each on its own keep-alive
 * connection, send the next request as soon as the last one is answered. Requests run through a
 * warm-up, then only those sent and answered inside the measurement window count. Latency is
 * client-side, recorded in µs (HdrHistogram, 3 significant digits, up to 60 s). The CPU time the
 * whole process (clients, servers, broker) spent in the window is read from the JVM, so a point
 * also says what a request cost the machine, whether or not the cores were all busy, and so is the
 * CPU time of the JIT compiler threads in it: compiling shares the cores with the load, so a window
 * that compiled much measured a server still warming up. A broker in the same JVM has its CPU time
 * read apart, as the part of the cost a deployment would pay on another machine.
 */
final class ClosedLoopLoad {

  private final String host;
  private final int port;
  private final Duration warmUp;
  private final Duration window;
  private final LongSupplier brokerCpuNanos;

  /**
   * @param brokerCpuNanos CPU time so far of the broker sharing this JVM, ns, read at the window's
   *     start and end; {@code () -> 0} when there is none
   */
  ClosedLoopLoad(
      String host, int port, Duration warmUp, Duration window, LongSupplier brokerCpuNanos) {
    this.host = host;
    this.port = port;
    this.warmUp = warmUp;
    this.window = window;
    this.brokerCpuNanos = brokerCpuNanos;
  }

  /** Runs the load on {@code path} with {@code body} and returns what the window measured. */
  LoadPoint run(String target, String path, byte[] body, int concurrency)
      throws InterruptedException {
    long start = System.nanoTime();
    long windowStart = start + warmUp.toNanos();
    long windowEnd = windowStart + window.toNanos();
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Client client =
          new Client(new KeepAliveConnection(host, port, path, body), windowStart, windowEnd);
      client.thread = new Thread(client, "load-" + i);
      clients.add(client);
    }
    clients.forEach(c -> c.thread.start());
    Usage atStart = Usage.at(windowStart);
    long brokerStart = brokerCpuNanos.getAsLong();
    Usage atEnd = Usage.at(windowEnd);
    long brokerEnd = brokerCpuNanos.getAsLong();
    Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    long requests = 0;
    long errors = 0;
    for (Client client : clients) {
      client.thread.join();
      latency.add(client.latency);
      requests += client.requests;
      errors += client.errors;
    }
    return new LoadPoint(
        target,
        concurrency,
        requests,
        errors,
        window.toNanos() / 1e9,
        (atEnd.cpuNanos() - atStart.cpuNanos()) / 1e9,
        Usage.compilerSeconds(atStart, atEnd),
        (brokerEnd - brokerStart) / 1e9,
        latency);
  }

  private static final OperatingSystemMXBean PROCESS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * The CPU time of the process and of its JIT compiler threads, read together.
   *
   * @param cpuNanos CPU time of every thread of the process, ns
   * @param compilerNanos CPU time of the JIT compiler threads ({@link CompilerThreads}), ns; -1
   *     where it cannot be read
   */
  record Usage(long cpuNanos, long compilerNanos) {

    static Usage now() {
      return new Usage(PROCESS.getProcessCpuTime(), CompilerThreads.cpuNanos());
    }

    /**
     * The compilers' CPU time from {@code start} to {@code end}, s; NaN where either reading
     * failed, or where a compiler thread ended in between (the JVM retires idle ones) and took its
     * time out of the sum.
     */
    static double compilerSeconds(Usage start, Usage end) {
      long nanos = end.compilerNanos() - start.compilerNanos();
      return start.compilerNanos() < 0 || end.compilerNanos() < 0 || nanos < 0
          ? Double.NaN
          : nanos / 1e9;
    }

    /** Read once {@link System#nanoTime} has reached {@code instant}. */
    static Usage at(long instant) throws InterruptedException {
      long wait;
      while ((wait = instant - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      return now();
    }
  }

  /** One client thread; its counters are read only after the thread ends. */
  private static final class Client implements Runnable {
    final KeepAliveConnection connection;
    final long windowStart;
    final long windowEnd;
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    long requests;
    long errors;
    Thread thread;

    Client(KeepAliveConnection connection, long windowStart, long windowEnd) {
      this.connection = connection;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
    }

    @Override
    public void run() {
      try (connection) {
        while (true) {
          long sent = System.nanoTime();
          boolean ok;
          try {
            ok = connection.send() == 200;
          } catch (IOException e) {
            connection.close();
            ok = false;
          }
          long answered = System.nanoTime();
          if (answered > windowEnd) {
            return;
          }
          if (sent >= windowStart) {
            requests++;
            if (!ok) {
              errors++;
            }
            latency.recordValue(
                Math.min(latency.getHighestTrackableValue(), (answered - sent) / 1_000));
          }
        }
      }
    }
  }
}
