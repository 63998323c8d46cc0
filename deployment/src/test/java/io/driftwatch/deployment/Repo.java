package io.driftwatch.deployment;

import java.nio.file.Path;

/** Where the repository root is: the build passes it as {@code driftwatch.root}. */
final class Repo {

  static final Path ROOT =
      Path.of(System.getProperty("driftwatch.root", "..")).toAbsolutePath().normalize();

  private Repo() {}

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name + " is not set (see pom.xml)");
    }
    return value;
  }
}
