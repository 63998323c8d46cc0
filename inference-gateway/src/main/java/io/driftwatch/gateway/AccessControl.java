package io.driftwatch.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens that open each scope of the gateway, validated once at the edge; errors name
 * the key. A scope without tokens is open to everyone, so {@link #OPEN} (no tokens at all) serves
 * as the gateway always did. Tokens are kept only as SHA-256 digests and compared with {@link
 * MessageDigest#isEqual} against every digest of the scope, so neither the time taken nor {@link
 * #toString()} reveals them. A token opens exactly the scopes whose lists hold it; list it in both
 * files to grant both. Immutable and thread-safe.
 */
public final class AccessControl {

  /** Shortest accepted token, in characters: about 96 bits of entropy when base64 random. */
  public static final int MIN_TOKEN_LENGTH = 16;

  /** No tokens: every endpoint is open. */
  public static final AccessControl OPEN = new AccessControl(List.of(), List.of(), List.of());

  /** The endpoint classes that tokens open. */
  public enum Scope {
    /** Infer, model and server metadata, model readiness and feedback. */
    INFERENCE,
    /** Triton's repository extension and Driftwatch's traffic and rollback endpoints. */
    ADMIN,
    /** {@code GET /metrics}; open unless metrics tokens are configured. */
    METRICS
  }

  private final List<byte[]> inference;
  private final List<byte[]> admin;
  private final List<byte[]> metrics;

  private AccessControl(List<byte[]> inference, List<byte[]> admin, List<byte[]> metrics) {
    this.inference = inference;
    this.admin = admin;
    this.metrics = metrics;
  }

  /**
   * @param inferenceTokens tokens of the inference scope (key {@code gateway.inference-tokens})
   * @param adminTokens tokens of the admin scope (key {@code gateway.admin-tokens})
   * @param metricsTokens tokens of {@code /metrics} (key {@code gateway.metrics-tokens})
   * @throws IllegalArgumentException naming the key when a token is shorter than {@value
   *     #MIN_TOKEN_LENGTH} characters or holds whitespace or control characters
   */
  public static AccessControl of(
      Collection<String> inferenceTokens,
      Collection<String> adminTokens,
      Collection<String> metricsTokens) {
    return new AccessControl(
        digests(inferenceTokens, "gateway.inference-tokens"),
        digests(adminTokens, "gateway.admin-tokens"),
        digests(metricsTokens, "gateway.metrics-tokens"));
  }

  /**
   * Reads each scope's tokens from its file (see {@link #readTokens}); an absent file leaves the
   * scope open.
   *
   * @throws IllegalArgumentException naming the key ({@code gateway.inference-tokens-file}, {@code
   *     gateway.admin-tokens-file} or {@code gateway.metrics-tokens-file}) of an unreadable or
   *     empty file or of an invalid token
   */
  public static AccessControl fromFiles(
      Optional<Path> inferenceTokensFile,
      Optional<Path> adminTokensFile,
      Optional<Path> metricsTokensFile) {
    String inferenceKey = "gateway.inference-tokens-file";
    String adminKey = "gateway.admin-tokens-file";
    String metricsKey = "gateway.metrics-tokens-file";
    return new AccessControl(
        digests(readTokens(inferenceTokensFile, inferenceKey), inferenceKey),
        digests(readTokens(adminTokensFile, adminKey), adminKey),
        digests(readTokens(metricsTokensFile, metricsKey), metricsKey));
  }

  /**
   * Reads a token file: one token per line, blank lines and lines starting with {@code #} ignored.
   *
   * @param key the option or key that named the file, for error messages
   * @return the file's tokens, none when {@code file} is empty (not given)
   * @throws IllegalArgumentException naming the key when the file cannot be read or holds no token
   */
  public static List<String> readTokens(Optional<Path> file, String key) {
    if (file.isEmpty()) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          key + " " + file.get() + " cannot be read: " + e.getMessage(), e);
    }
    List<String> tokens =
        lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException(key + " " + file.get() + " holds no token");
    }
    return tokens;
  }

  /** Whether any scope needs a token. */
  public boolean enabled() {
    return !inference.isEmpty() || !admin.isEmpty() || !metrics.isEmpty();
  }

  /** Whether {@code scope} needs a token at all. */
  boolean guards(Scope scope) {
    return !tokens(scope).isEmpty();
  }

  /**
   * The guarded scopes {@code token} opens (a scope without tokens is open to every request and is
   * not listed), hashing the token once. Every digest of every scope is compared, without early
   * exit, so the time taken does not depend on which token matched.
   */
  Set<Scope> grants(String token) {
    byte[] presented = sha256(token);
    Set<Scope> granted = EnumSet.noneOf(Scope.class);
    for (Scope scope : Scope.values()) {
      boolean match = false;
      for (byte[] digest : tokens(scope)) {
        match |= MessageDigest.isEqual(digest, presented);
      }
      if (match) {
        granted.add(scope);
      }
    }
    return granted;
  }

  private List<byte[]> tokens(Scope scope) {
    return switch (scope) {
      case INFERENCE -> inference;
      case ADMIN -> admin;
      case METRICS -> metrics;
    };
  }

  private static List<byte[]> digests(Collection<String> tokens, String key) {
    if (tokens == null) {
      throw new IllegalArgumentException(key + " must be set (empty for none)");
    }
    for (String token : tokens) {
      if (token == null || token.length() < MIN_TOKEN_LENGTH) {
        throw new IllegalArgumentException(
            key + ": every token needs at least " + MIN_TOKEN_LENGTH + " characters");
      }
      if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw new IllegalArgumentException(
            key + ": tokens must not hold whitespace or control characters");
      }
    }
    return tokens.stream().map(AccessControl::sha256).toList();
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Counts only: tokens never appear in logs. */
  @Override
  public String toString() {
    return "AccessControl[inference="
        + inference.size()
        + " tokens, admin="
        + admin.size()
        + " tokens, metrics="
        + metrics.size()
        + " tokens]";
  }
}
