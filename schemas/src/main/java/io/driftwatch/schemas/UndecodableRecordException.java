package io.driftwatch.schemas;

/** A record's bytes could not be decoded; the message says why, fit for a dead-letter reason. */
public final class UndecodableRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UndecodableRecordException(String message) {
    super(message);
  }

  public UndecodableRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
