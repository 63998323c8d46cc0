package io.driftwatch.stats.alerting;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook body: {@code sha256=} followed by the lower-case hex HMAC-SHA256 (RFC
 * 2104, FIPS 180-4) of the exact body bytes under a shared secret, sent in header {@value #HEADER}
 * (the scheme of GitHub's {@code X-Hub-Signature-256}). Stateless and thread-safe.
 */
public final class WebhookSignature {

  /** The HTTP header carrying the signature. */
  public static final String HEADER = "X-Driftwatch-Signature";

  private static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /**
   * {@code sha256=<64 hex characters>} for {@code body} under {@code secret}.
   *
   * @param secret non-empty
   */
  public static String sign(byte[] body, byte[] secret) {
    return PREFIX + HexFormat.of().formatHex(hmac(body, secret));
  }

  /**
   * Whether {@code signature} (a header value) is the signature of {@code body} under {@code
   * secret}, compared in time independent of where the values differ; false for null or malformed
   * values. Hex digits are compared case-insensitively.
   */
  public static boolean verify(byte[] body, byte[] secret, String signature) {
    if (signature == null) {
      return false;
    }
    byte[] expected = sign(body, secret).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] hmac(byte[] body, byte[] secret) {
    if (body == null) {
      throw new IllegalArgumentException("body must not be null");
    }
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required on every Java platform", e);
    }
  }
}
