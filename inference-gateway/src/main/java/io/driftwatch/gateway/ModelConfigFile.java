package io.driftwatch.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model's configuration: Triton's {@code <model>/config.pbtxt} (protobuf text, {@link
 * TritonModelConfig}) or {@code <model>/config.json} (Triton's configuration in its JSON form), of
 * which the gateway reads {@code version_policy} ({@link VersionPolicy#read}), {@code
 * max_batch_size} and {@code dynamic_batching} ({@link BatchingConfig#read}). Read when the model's
 * versions are reconciled or loaded, never per request.
 */
final class ModelConfigFile {

  /** The JSON file's name in a model's directory. */
  static final String NAME = "config.json";

  /** Triton's file name, protobuf text. */
  static final String TRITON_NAME = "config.pbtxt";

  private ModelConfigFile() {}

  /** The file {@code modelDirectory}'s configuration is read from, whether or not it exists. */
  static Path of(Path modelDirectory) {
    Path triton = modelDirectory.resolve(TRITON_NAME);
    return Files.isRegularFile(triton) ? triton : modelDirectory.resolve(NAME);
  }

  /**
   * The configuration as a JSON object, or empty when the model has neither file.
   *
   * @throws ModelLoadException naming the file when it cannot be read as a configuration, or when
   *     the model has both files
   */
  static Optional<JsonNode> read(Path modelDirectory, ObjectMapper json) throws ModelLoadException {
    Path triton = modelDirectory.resolve(TRITON_NAME);
    Path file = modelDirectory.resolve(NAME);
    if (Files.isRegularFile(triton)) {
      if (Files.isRegularFile(file)) {
        throw new ModelLoadException(
            modelDirectory + " has both " + TRITON_NAME + " and " + NAME + "; keep one");
      }
      try {
        // Malformed bytes (a Latin-1 comment) become U+FFFD rather than failing the read.
        String text = new String(Files.readAllBytes(triton), StandardCharsets.UTF_8);
        return Optional.of(TritonModelConfig.parse(text.replaceFirst("^\uFEFF", "")));
      } catch (TextFormat.ParseException e) {
        throw new ModelLoadException(
            triton + " is not a Triton model configuration: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new ModelLoadException("cannot read " + triton + ": " + e.getMessage(), e);
      }
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new ModelLoadException(file + " is not valid JSON: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelLoadException(file + " must hold a JSON object");
    }
    return Optional.of(root);
  }

  /**
   * An integer of the configuration: a JSON number that fits a long or, as protobuf's JSON writes
   * 64-bit integers, a string of digits; empty for anything else.
   */
  static Optional<Long> integer(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return Optional.of(value.asLong());
    }
    if (value.isTextual() && value.asText().matches("-?[0-9]{1,18}")) {
      return Optional.of(Long.parseLong(value.asText()));
    }
    return Optional.empty();
  }
}
