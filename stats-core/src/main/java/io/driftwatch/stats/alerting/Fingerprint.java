package io.driftwatch.stats.alerting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable identity of an alert, as Alertmanager's fingerprint: a hash of its sorted label set,
 * so the same labels give the same fingerprint on every run and JVM regardless of insertion order.
 *
 * <p>SHA-256 over, for each label in name order, the UTF-8 name, a 0xFF byte, the UTF-8 value and a
 * 0xFF byte (0xFF never occurs in UTF-8, so {@code a=b,c} and {@code a=b},{@code c=} cannot
 * collide; Prometheus separates the same way before its FNV-64a); the fingerprint is the first 8
 * bytes as 16 lower-case hex characters.
 */
public final class Fingerprint {

  private static final int SEPARATOR = 0xFF;

  private Fingerprint() {}

  /** The 16-hex-character fingerprint of {@code labels}. */
  public static String of(Map<String, String> labels) {
    if (labels == null) {
      throw new IllegalArgumentException("labels must not be null");
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      sha256.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) SEPARATOR);
      sha256.update(e.getValue().getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) SEPARATOR);
    }
    return HexFormat.of().formatHex(sha256.digest(), 0, 8);
  }
}
