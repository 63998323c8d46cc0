package io.driftwatch.gateway;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one exception family of the gateway: a failure the client is told about, with the HTTP status
 * it maps to and a message that says what was wrong. {@link ErrorResponses} turns it into {@code
 * {"error": message}}.
 */
final class GatewayException extends RuntimeException {

  /** Seconds a client should wait before retrying a 503, sent as {@code Retry-After}. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final int status;
  private final String challenge;

  private GatewayException(int status, String message, Throwable cause) {
    this(status, message, cause, null);
  }

  private GatewayException(int status, String message, Throwable cause, String challenge) {
    super(message, cause);
    this.status = status;
    this.challenge = challenge;
  }

  /**
   * 401: no bearer token, or one that opens no scope; {@code challenge} is the {@code
   * WWW-Authenticate} header value (RFC 6750).
   */
  static GatewayException unauthorized(String message, String challenge) {
    return new GatewayException(401, message, null, challenge);
  }

  /** 403: the bearer token is valid but opens another scope than the endpoint's. */
  static GatewayException forbidden(String message, String challenge) {
    return new GatewayException(403, message, null, challenge);
  }

  /** The same failure told with another message, for withholding request values. */
  GatewayException withMessage(String message) {
    return new GatewayException(status, message, getCause(), challenge);
  }

  /** 400: the request is malformed or does not fit the model. */
  static GatewayException badRequest(String message) {
    return new GatewayException(400, message, null);
  }

  /** 404: no such model or version. */
  static GatewayException notFound(String message) {
    return new GatewayException(404, message, null);
  }

  /** 409: the request conflicts with the current state, for example nothing to roll back to. */
  static GatewayException conflict(String message) {
    return new GatewayException(409, message, null);
  }

  /** 413: the body is larger than the configured limit. */
  static GatewayException payloadTooLarge(long limitBytes) {
    return new GatewayException(
        413, "request body is larger than the limit of " + limitBytes + " bytes", null);
  }

  /** 503: not ready or overloaded; the client may retry after {@link #RETRY_AFTER_SECONDS}. */
  static GatewayException unavailable(String message) {
    return new GatewayException(503, message, null);
  }

  /** 500: the gateway failed; the cause is logged, the message is shown. */
  static GatewayException internal(String message, Throwable cause) {
    return new GatewayException(500, message, cause);
  }

  /** Wraps anything unexpected as a 500 that keeps the original as its cause. */
  static GatewayException from(Throwable failure) {
    if (failure instanceof GatewayException known) {
      return known;
    }
    return internal("internal error: " + failure, failure);
  }

  int status() {
    return status;
  }

  boolean isClientError() {
    return status >= 400 && status < 500;
  }

  /** The {@code WWW-Authenticate} header value of a 401 or 403. */
  Optional<String> challenge() {
    return Optional.ofNullable(challenge);
  }

  OptionalInt retryAfterSeconds() {
    return status == 503 ? OptionalInt.of(RETRY_AFTER_SECONDS) : OptionalInt.empty();
  }
}
