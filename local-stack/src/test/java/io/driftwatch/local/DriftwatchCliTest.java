package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DriftwatchCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cli = Driftwatch.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void listsItsCommandsInHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("demo", "gateway", "monitor");
  }

  @Test
  void rejectsAnUnknownOptionWithOneLineAndExitCodeTwo() {
    assertThat(run("demo", "--no-such-option")).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("driftwatch: Unknown option: '--no-such-option'");
  }

  @Test
  void rejectsARateOutOfRangeNamingTheOption() {
    assertThat(run("demo", "--rate", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--rate must be 1..2000, was 0");
  }

  @Test
  void rejectsAMalformedDuration() {
    assertThat(run("demo", "--window", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void rejectsAGatewayRepositoryThatDoesNotExist() {
    assertThat(run("gateway", "--model-repository", "/no/such/dir")).isEqualTo(2);
    assertThat(err.toString()).contains("/no/such/dir is not a directory");
  }

  @Test
  void rejectsAnUnknownMonitorJobOptionNamingIt() {
    assertThat(run("monitor", "--windo=5s")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown option --windo");
  }

  @Test
  void printsTheClusterSubmitCommandWithTheJobOptions() {
    assertThat(run("monitor", "--print-submit", "--serving-window=30s")).isZero();
    assertThat(out.toString())
        .contains("flink run", "io.driftwatch.flink.MonitoringJob", "--serving-window=30s");
  }

  @Test
  void refusesToStartTheDemoWhenAPortIsTakenNamingTheOption() throws Exception {
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThat(run("demo", "--influx-port", String.valueOf(port))).isEqualTo(2);

      assertThat(err.toString())
          .contains("port " + port + " (--influx-port) is already in use")
          .contains("pass --influx-port with another port");
    }
  }

  @Test
  void writesDurationsTheWayTheyAreTyped() {
    assertThat(DemoCommand.humane(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(DemoCommand.humane(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(DemoCommand.humane(Duration.ofMinutes(3))).isEqualTo("3m");
    assertThat(DemoCommand.humane(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
