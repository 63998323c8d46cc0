package io.driftwatch.schemas.repository;

import java.util.regex.Pattern;

/**
 * The Triton rule for version directory names, shared by everything that reads or writes a model
 * repository: a positive decimal integer without leading zeros, at most 18 digits (so it fits a
 * long). Triton ignores other subdirectories, {@code 0} and {@code 007} among them.
 */
public final class ModelVersions {

  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

  private ModelVersions() {}

  /** Whether {@code name} is a valid version directory name. */
  public static boolean isVersion(String name) {
    return name != null && VERSION.matcher(name).matches();
  }
}
