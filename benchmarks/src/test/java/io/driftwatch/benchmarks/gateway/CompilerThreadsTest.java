package io.driftwatch.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompilerThreadsTest {

  private static String stat(String comm, long utime, long stime) {
    return "4242 ("
        + comm
        + ") S 1 1 0 0 -1 1077936192 120 0 0 0 "
        + utime
        + " "
        + stime
        + " 0 0 20 0 40 0 2214 9486892032 364772 18446744073709551615 1 1 0 0 0 0 4 0 16898"
        + " 0 0 0 -1 1 0 0 0 0 0\n";
  }

  @Test
  void countsUserAndSystemTicksOfBothCompilers() {
    assertThat(CompilerThreads.compilerTicks(stat("C2 CompilerThre", 1234, 56))).isEqualTo(1290);
    assertThat(CompilerThreads.compilerTicks(stat("C1 CompilerThre", 7, 3))).isEqualTo(10);
  }

  @Test
  void leavesOtherThreadsOut() {
    assertThat(CompilerThreads.compilerTicks(stat("JettyServerThr", 900, 100))).isZero();
    assertThat(CompilerThreads.compilerTicks(stat("GC Thread#0", 900, 100))).isZero();
  }

  @Test
  void readsTheNameUpToTheLastParenthesis() {
    // A thread may name itself anything, parentheses and spaces included.
    assertThat(CompilerThreads.compilerTicks(stat("C2 CompilerThre) S 1 1 0 (x", 5, 5)))
        .isEqualTo(10);
    assertThat(CompilerThreads.compilerTicks(stat("x) 1 2 3 (C2 CompilerThre", 5, 5))).isZero();
  }

  @Test
  void readsThisJvmsCompilersWhereLinuxProcIsThere() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc here");

    // Starting JUnit alone compiles for far longer than one 10 ms tick.
    assertThat(CompilerThreads.cpuNanos()).isPositive();
  }

  @Test
  void aWindowsCompilerTimeIsUnknownWhenAReadingFailedOrAThreadEnded() {
    ClosedLoopLoad.Usage start = new ClosedLoopLoad.Usage(0, 1_000_000_000L);

    assertThat(
            ClosedLoopLoad.Usage.compilerSeconds(
                start, new ClosedLoopLoad.Usage(9, 3_500_000_000L)))
        .isEqualTo(2.5);
    assertThat(ClosedLoopLoad.Usage.compilerSeconds(start, new ClosedLoopLoad.Usage(9, -1)))
        .isNaN();
    assertThat(
            ClosedLoopLoad.Usage.compilerSeconds(
                new ClosedLoopLoad.Usage(0, -1), new ClosedLoopLoad.Usage(9, 5)))
        .isNaN();
    // A retired compiler thread takes its ticks out of the sum.
    assertThat(
            ClosedLoopLoad.Usage.compilerSeconds(start, new ClosedLoopLoad.Usage(9, 400_000_000L)))
        .isNaN();
  }
}
