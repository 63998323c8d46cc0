package io.driftwatch.gateway;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every line logged through Log4j 2 (the tests' SLF4J backend) while attached, at DEBUG and above,
 * with the message and any exception's stack trace as they would be written.
 */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext context;
  private final Level previousRootLevel;

  private CapturedLogs(LoggerContext context) {
    super("captured-logs", null, null, true, Property.EMPTY_ARRAY);
    this.context = context;
    this.previousRootLevel = context.getConfiguration().getRootLogger().getLevel();
  }

  /** Attaches to the root logger and lowers it to DEBUG until {@link #close}. */
  static CapturedLogs attach() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    CapturedLogs logs = new CapturedLogs(context);
    logs.start();
    LoggerConfig root = context.getConfiguration().getRootLogger();
    root.addAppender(logs, Level.DEBUG, null);
    root.setLevel(Level.DEBUG);
    context.updateLoggers();
    return logs;
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder line =
        new StringBuilder()
            .append(event.getLevel())
            .append(' ')
            .append(event.getLoggerName())
            .append(" - ")
            .append(event.getMessage().getFormattedMessage());
    if (event.getThrown() != null) {
      StringWriter trace = new StringWriter();
      event.getThrown().printStackTrace(new PrintWriter(trace));
      line.append('\n').append(trace);
    }
    lines.add(line.toString());
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    LoggerConfig root = context.getConfiguration().getRootLogger();
    root.removeAppender(getName());
    root.setLevel(previousRootLevel);
    context.updateLoggers();
    stop();
  }
}
