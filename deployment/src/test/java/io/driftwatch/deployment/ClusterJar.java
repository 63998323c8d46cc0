package io.driftwatch.deployment;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The monitoring job's cluster jar as built (flink-jobs/target/driftwatch-monitor.jar), and its
 * classes: the tests reach the job only through it, never through a second copy on their class
 * path.
 */
final class ClusterJar {

  static final Path PATH = Repo.ROOT.resolve("flink-jobs/target/driftwatch-monitor.jar");
  static final String MAIN_CLASS = "io.driftwatch.flink.MonitoringJob";

  private ClusterJar() {}

  static URL url() {
    try {
      return PATH.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses job arguments with the jar's own {@code MonitorConfig.fromArgs}, as the job's main does.
   *
   * @return the parsed config record (of the jar's class)
   * @throws IllegalArgumentException the job's message naming the bad key
   */
  static Object parseJobArguments(String... args) throws ReflectiveOperationException {
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {url()}, ClusterJar.class.getClassLoader())) {
      Class<?> config = loader.loadClass("io.driftwatch.flink.MonitorConfig");
      try {
        return config.getMethod("fromArgs", String[].class).invoke(null, (Object) args);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof IllegalArgumentException bad) {
          throw bad;
        }
        throw e;
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record component of an object from {@link #parseJobArguments}, as a string. */
  static String component(Object record, String name) throws ReflectiveOperationException {
    return String.valueOf(record.getClass().getMethod(name).invoke(record));
  }
}
