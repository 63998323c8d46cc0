package io.driftwatch.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.PredictionEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which features never reach the prediction log as they were sent, validated once at the edge;
 * errors name the key.
 *
 * <ul>
 *   <li>A <em>redacted</em> feature is left out of every prediction event, numeric or categorical.
 *   <li>A <em>hashed</em> categorical feature is logged as the lowercase hex SHA-256 of the salt's
 *       UTF-8 bytes followed by the category's text (as the event would have logged it), so the
 *       monitoring job still sees a stable category per value; a hashed <em>numeric</em> feature is
 *       left out, because drift statistics on hashes of numbers mean nothing.
 * </ul>
 *
 * When either set is non-empty, error messages of infer requests (HTTP answer, prediction event and
 * log lines) have every value of the request's {@code inputs[].data} replaced by {@value
 * #WITHHELD}, and a body that is not JSON is answered without any detail. Feature names that a
 * model does not have are ignored. Immutable and thread-safe.
 *
 * @param redactedFeatures features left out of prediction events (key {@code
 *     gateway.redact-features})
 * @param hashedFeatures features logged as salted hashes (key {@code gateway.hash-features}),
 *     disjoint from {@code redactedFeatures}
 * @param salt prepended to every hashed value (key {@code gateway.hash-salt-file}); at least
 *     {@value #MIN_SALT_LENGTH} characters when {@code hashedFeatures} is not empty
 */
public record Redaction(Set<String> redactedFeatures, Set<String> hashedFeatures, String salt) {

  /** No feature is redacted or hashed. */
  public static final Redaction NONE = new Redaction(Set.of(), Set.of(), "");

  /** Shortest accepted salt, in characters. */
  public static final int MIN_SALT_LENGTH = 16;

  /** What replaces a request value in error messages. */
  public static final String WITHHELD = "<redacted>";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Quoted strings and bare tokens of a message, the places where request values are echoed. */
  private static final Pattern TOKEN =
      Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|([^\\s,\\[\\]{}()\"':;]+)");

  public Redaction {
    if (redactedFeatures == null) {
      throw new IllegalArgumentException("gateway.redact-features must be set (empty for none)");
    }
    if (hashedFeatures == null) {
      throw new IllegalArgumentException("gateway.hash-features must be set (empty for none)");
    }
    redactedFeatures = Set.copyOf(redactedFeatures);
    hashedFeatures = Set.copyOf(hashedFeatures);
    for (String name : redactedFeatures) {
      requireName(name, "gateway.redact-features");
    }
    for (String name : hashedFeatures) {
      requireName(name, "gateway.hash-features");
      if (redactedFeatures.contains(name)) {
        throw new IllegalArgumentException(
            "gateway.hash-features: feature '"
                + name
                + "' is also in gateway.redact-features; pick one");
      }
    }
    salt = salt == null ? "" : salt;
    if (!hashedFeatures.isEmpty() && salt.length() < MIN_SALT_LENGTH) {
      throw new IllegalArgumentException(
          "gateway.hash-salt-file must hold a salt of at least "
              + MIN_SALT_LENGTH
              + " characters when gateway.hash-features is set");
    }
  }

  /**
   * Reads a salt file: its content without surrounding whitespace; empty when no file is given.
   *
   * @throws IllegalArgumentException naming {@code key} when the file cannot be read
   */
  public static String readSalt(Optional<Path> file, String key) {
    if (file.isEmpty()) {
      return "";
    }
    try {
      return Files.readString(file.get(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          key + " " + file.get() + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Whether any feature is redacted or hashed. */
  public boolean enabled() {
    return !redactedFeatures.isEmpty() || !hashedFeatures.isEmpty();
  }

  /** The event as it may be logged: redacted features left out, hashed ones hashed. */
  PredictionEvent apply(PredictionEvent event) {
    if (!enabled()) {
      return event;
    }
    Map<String, Double> numeric = new LinkedHashMap<>();
    event
        .getNumericFeatures()
        .forEach(
            (name, value) -> {
              if (!redactedFeatures.contains(name) && !hashedFeatures.contains(name)) {
                numeric.put(name, value);
              }
            });
    Map<String, String> categorical = new LinkedHashMap<>();
    event
        .getCategoricalFeatures()
        .forEach(
            (name, value) -> {
              if (hashedFeatures.contains(name)) {
                categorical.put(name, hash(value));
              } else if (!redactedFeatures.contains(name)) {
                categorical.put(name, value);
              }
            });
    return PredictionEvent.newBuilder(event)
        .setNumericFeatures(numeric)
        .setCategoricalFeatures(categorical)
        .build();
  }

  /** Lowercase hex SHA-256 of the salt followed by {@code value}, both UTF-8. */
  String hash(String value) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(salt.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * The error of an infer request with the request's data values withheld from its message; the
   * error itself when redaction is off.
   *
   * @param body the request body, null when it was never read (413)
   */
  GatewayException withholdValues(GatewayException error, byte[] body) {
    if (!enabled() || body == null || error.getMessage() == null) {
      return error;
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return error.withMessage("malformed JSON (details withheld: feature redaction is on)");
    } catch (IOException e) {
      return error.withMessage("unreadable body (details withheld: feature redaction is on)");
    }
    Set<String> values = new HashSet<>();
    if (root != null && root.path("inputs").isArray()) {
      root.path("inputs").forEach(input -> collect(input.path("data"), values));
    }
    return values.isEmpty() ? error : error.withMessage(withhold(error.getMessage(), values));
  }

  private static void collect(JsonNode node, Set<String> values) {
    if (node.isContainerNode()) {
      node.forEach(child -> collect(child, values));
    } else if (!node.isMissingNode()) {
      values.add(node.asText());
    }
  }

  private static String withhold(String message, Set<String> values) {
    Matcher token = TOKEN.matcher(message);
    StringBuilder out = new StringBuilder(message.length());
    while (token.find()) {
      String text =
          token.group(1) != null
              ? token.group(1)
              : token.group(2) != null ? token.group(2) : token.group(3);
      String bare = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
      if (values.contains(text) || values.contains(bare)) {
        token.appendReplacement(out, Matcher.quoteReplacement(WITHHELD));
      } else {
        token.appendReplacement(out, Matcher.quoteReplacement(token.group()));
      }
    }
    token.appendTail(out);
    return out.toString();
  }

  private static void requireName(String name, String key) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(key + " must not hold a blank feature name");
    }
  }

  /** Never shows the salt. */
  @Override
  public String toString() {
    return "Redaction[redactedFeatures="
        + redactedFeatures
        + ", hashedFeatures="
        + hashedFeatures
        + ", salt="
        + (salt.isEmpty() ? "none" : "set")
        + "]";
  }
}
