package io.driftwatch.local;

import java.util.List;
import java.util.Locale;

/** Formats one console line per {@code serving} window the monitoring job wrote. */
final class ServingWindowReport {

  private final InfluxTail tail;

  ServingWindowReport(InfluxTail tail) {
    this.tail = tail;
  }

  /** Lines for the windows written since the previous call, oldest first. */
  List<String> newLines() {
    return tail.newPoints("serving").stream().map(ServingWindowReport::format).toList();
  }

  static String format(InfluxTail.Point p) {
    return String.format(
        Locale.ROOT,
        "%s  %s v%s %-9s requests=%-5d errors=%-4d (%5.1f%%)  p50=%.2fms p95=%.2fms"
            + " p99=%.2fms  %.1f req/s",
        p.time(),
        p.tag("model"),
        p.tag("version"),
        p.tag("variant"),
        (long) p.number("requests"),
        (long) p.number("errors"),
        p.number("error_rate") * 100,
        p.number("latency_p50_ms"),
        p.number("latency_p95_ms"),
        p.number("latency_p99_ms"),
        p.number("throughput_rps"));
  }
}
