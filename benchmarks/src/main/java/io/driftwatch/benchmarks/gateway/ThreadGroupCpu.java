package io.driftwatch.benchmarks.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** CPU time of the threads of one thread group, as the JVM's {@link ThreadMXBean} reports it. */
final class ThreadGroupCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadGroupCpu() {}

  /**
   * CPU time the live threads of {@code group} and its subgroups have used, ns. Threads that have
   * ended no longer count, so a difference of two readings is exact only for threads that lived
   * through both (a broker's threads do).
   */
  static long cpuNanos(ThreadGroup group) {
    Thread[] threads = new Thread[group.activeCount() + 16];
    int count;
    while ((count = group.enumerate(threads, true)) == threads.length) {
      threads = new Thread[threads.length * 2];
    }
    long total = 0;
    for (int i = 0; i < count; i++) {
      long nanos = THREADS.getThreadCpuTime(threads[i].getId());
      if (nanos > 0) { // -1 when the thread ended since the enumeration
        total += nanos;
      }
    }
    return total;
  }
}
