package io.driftwatch.retraining;

/**
 * A webhook body that is not an Alertmanager webhook; the message says what is wrong (HTTP 400).
 */
public final class BadWebhookException extends Exception {

  public BadWebhookException(String message) {
    super(message);
  }

  public BadWebhookException(String message, Throwable cause) {
    super(message, cause);
  }
}
