package io.driftwatch.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Maven project version this code was built as (e.g. {@code 0.1.0-SNAPSHOT}), read from the
 * filtered resource {@code build.properties}, so it is available in tests (target/classes) as well
 * as from the jar.
 */
final class CodeVersion {

  private static final String RESOURCE = "/io/driftwatch/training/build.properties";
  private static final String KEY = "code.version";

  private CodeVersion() {}

  static String current() {
    Properties properties = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    String version = properties.getProperty(KEY, "");
    if (version.isBlank() || version.contains("${")) {
      throw new IllegalStateException(
          RESOURCE + ": " + KEY + " was not filtered by Maven, got '" + version + "'");
    }
    return version;
  }
}
