package io.driftwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model's {@code <model>/config.json}: Triton's model configuration in its JSON form, of which
 * the gateway reads {@code version_policy} ({@link VersionPolicy#read}), {@code max_batch_size} and
 * {@code dynamic_batching} ({@link BatchingConfig#read}). Read when the model's versions are
 * reconciled or loaded, never per request.
 */
final class ModelConfigFile {

  /** The file's name in a model's directory. */
  static final String NAME = "config.json";

  private ModelConfigFile() {}

  /** Where {@code modelDirectory}'s configuration lives. */
  static Path of(Path modelDirectory) {
    return modelDirectory.resolve(NAME);
  }

  /**
   * The file's top-level object, or empty when the model has no {@code config.json}.
   *
   * @throws ModelLoadException naming the file when it is not JSON or not an object
   */
  static Optional<JsonNode> read(Path modelDirectory, ObjectMapper json) throws ModelLoadException {
    Path file = of(modelDirectory);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelLoadException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelLoadException(file + " must hold a JSON object");
    }
    return Optional.of(root);
  }
}
