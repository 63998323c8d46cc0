package io.driftwatch.benchmarks.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's JIT compiler threads, read from Linux's {@code /proc/self/task}. The JVM's
 * own {@code CompilationMXBean} reports the elapsed time of compilations instead, which on a
 * saturated machine counts every moment a compiler thread waited for a core.
 */
final class CompilerThreads {

  /** Length of a clock tick of {@code /proc}'s {@code utime} and {@code stime}: Linux's USER_HZ. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private static final Path TASKS = Path.of("/proc/self/task");

  private CompilerThreads() {}

  /**
   * CPU time (user and system) the C1 and C2 compiler threads have used so far, ns, with a
   * resolution of 10 ms; -1 where {@code /proc} cannot be read.
   */
  static long cpuNanos() {
    try (Stream<Path> tasks = Files.list(TASKS)) {
      long ticks = 0;
      for (Path task : (Iterable<Path>) tasks::iterator) {
        ticks += compilerTicks(task.resolve("stat"));
      }
      return ticks * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime of a compiler thread's {@code stat} line, 0 for any other thread or one gone. */
  static long compilerTicks(Path stat) {
    String line;
    try {
      line = Files.readString(stat, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return 0; // the thread ended since the listing
    }
    return compilerTicks(line);
  }

  /**
   * utime + stime of one {@code /proc/<pid>/task/<tid>/stat} line if its thread is a compiler
   * thread ({@code comm} {@code C1 CompilerThre…} or {@code C2 CompilerThre…}), else 0.
   */
  static long compilerTicks(String statLine) {
    int open = statLine.indexOf('(');
    int close = statLine.lastIndexOf(')');
    String comm = statLine.substring(open + 1, close);
    if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
      return 0;
    }
    // After "(comm) ": state is field 3; utime and stime are fields 14 and 15.
    String[] fields = statLine.substring(close + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
