package io.driftwatch.gateway;

/** Why a model version could not be loaded; the message is shown as the version's reason. */
final class ModelLoadException extends Exception {

  ModelLoadException(String reason) {
    super(reason);
  }

  ModelLoadException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
