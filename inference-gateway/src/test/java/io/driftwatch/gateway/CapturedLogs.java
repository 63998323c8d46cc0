package io.driftwatch.gateway;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines the tests' Log4j 2 configuration ({@code log4j2-test.properties}) writes to {@link
 * #FILE} from {@link #attach} on: every logger at INFO and above and the gateway's own loggers at
 * DEBUG, messages and stack traces as written.
 */
final class CapturedLogs implements AutoCloseable {

  /** The file appender's file, relative to the module directory the tests run in. */
  static final Path FILE = Path.of("target", "gateway-tests.log");

  private final long start;

  private CapturedLogs(long start) {
    this.start = start;
  }

  /** Marks the file's current end: {@link #lines} returns what is written after it. */
  static CapturedLogs attach() throws IOException {
    // The file appender creates its file with the first line it writes.
    LoggerFactory.getLogger(CapturedLogs.class).debug("capturing logs");
    return new CapturedLogs(Files.exists(FILE) ? Files.size(FILE) : 0);
  }

  /** The lines written since {@link #attach}. */
  List<String> lines() throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(FILE.toFile(), "r")) {
      byte[] written = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(written);
      return new String(written, StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Override
  public void close() {}
}
