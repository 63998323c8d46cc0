package io.driftwatch.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.schemas.repository.ModelVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Writes one model version into a Triton-style repository: {@code
 * <repository>/<model>/<version>/model.onnx}, the reference profile {@code profile.avro} and {@code
 * descriptor.json}.
 *
 * <p>Each file is written to a temporary sibling and atomically renamed over the old one, model
 * first, profile next and descriptor last, so a watcher that loads a version once its descriptor
 * appears never reads a half-written file. Overwrites an existing version. The descriptor's JSON
 * has map entries sorted by key, so equal descriptors give equal bytes in every JVM. Not safe for
 * two writers of the same version at once.
 */
public final class ModelRepositoryWriter {

  /** File name of the ONNX graph inside a version directory. */
  public static final String MODEL_FILE = "model.onnx";

  /** File name of the reference profile (Avro single-object {@code ReferenceProfile}). */
  public static final String PROFILE_FILE = "profile.avro";

  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final Path repository;

  public ModelRepositoryWriter(Path repository) {
    this.repository = repository;
  }

  /**
   * Writes {@code onnx} and {@code descriptor} as {@code model}/{@code version}.
   *
   * @param model directory name: letters, digits, {@code _ . -}
   * @param version a positive decimal integer, as Triton requires
   * @param profile the serialized reference profile, or null for none
   * @return the version directory
   */
  public Path write(
      String model, String version, byte[] onnx, byte[] profile, ModelDescriptor descriptor)
      throws IOException {
    if (!MODEL_NAME.matcher(model).matches()) {
      throw new IllegalArgumentException(
          "model: must match " + MODEL_NAME.pattern() + ", got '" + model + "'");
    }
    parseVersion(version);
    Path directory = repository.resolve(model).resolve(version);
    Files.createDirectories(directory);
    replace(directory.resolve(MODEL_FILE), onnx);
    if (profile != null) {
      replace(directory.resolve(PROFILE_FILE), profile);
    }
    replace(
        directory.resolve(ModelDescriptor.FILE_NAME),
        JSON.writerFor(ModelDescriptor.class).writeValueAsBytes(descriptor));
    return directory;
  }

  /**
   * The numeric value of a version directory name (see {@link ModelVersions#isVersion}).
   *
   * @throws IllegalArgumentException naming the key {@code version} when it is not one
   */
  public static long parseVersion(String version) {
    if (!ModelVersions.isVersion(version)) {
      throw new IllegalArgumentException(
          "version: must be a positive integer (Triton layout), got '" + version + "'");
    }
    return Long.parseLong(version);
  }

  /** Writes (or replaces) only the reference profile of an existing version directory. */
  public static Path writeProfile(Path versionDirectory, byte[] profile) throws IOException {
    Path target = versionDirectory.resolve(PROFILE_FILE);
    replace(target, profile);
    return target;
  }

  private static void replace(Path target, byte[] content) throws IOException {
    Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temporary, content);
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
