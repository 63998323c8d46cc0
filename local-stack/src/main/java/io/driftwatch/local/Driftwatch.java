package io.driftwatch.local;

import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code driftwatch} command line: one subcommand per part of the product. */
@Command(
    name = "driftwatch",
    mixinStandardHelpOptions = true,
    versionProvider = Driftwatch.Version.class,
    description = "Real-time model monitoring: inference gateway, Kafka, Flink, InfluxDB.",
    subcommands = {
      DemoCommand.class,
      GatewayCommand.class,
      MonitorCommand.class,
      ProfileCommand.class,
      RetrainCommand.class
    })
public final class Driftwatch implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Tribuo and some Flink parts log through java.util.logging; send it to the same log file.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Driftwatch());
    cli.getSubcommands()
        .get("monitor")
        .getCommandSpec()
        .usageMessage()
        .footer("", io.driftwatch.flink.MonitorConfig.usage().replace("%", "%%"));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(Driftwatch::oneLineUsageError);
    cli.setExecutionExceptionHandler(
        (e, command, parseResult) -> {
          LoggerFactory.getLogger(Driftwatch.class).error("Command failed", e);
          command.getErr().println("driftwatch: " + rootMessage(e));
          return 1;
        });
    return cli;
  }

  private static int oneLineUsageError(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println(
        "driftwatch: "
            + e.getMessage()
            + " (see '"
            + e.getCommandLine().getCommandSpec().qualifiedName()
            + " --help')");
    return 2;
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the version Maven wrote into the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Driftwatch.class.getPackage().getImplementationVersion();
      return new String[] {"driftwatch " + (version == null ? "development build" : version)};
    }
  }
}
