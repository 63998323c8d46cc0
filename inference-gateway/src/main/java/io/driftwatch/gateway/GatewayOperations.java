package io.driftwatch.gateway;

import java.util.Objects;

/**
 * Operational settings of a gateway beside {@link GatewayConfig}, validated at the edge.
 *
 * @param access bearer tokens per endpoint scope; {@link AccessControl#OPEN} serves everyone
 * @param redaction features left out of or hashed in prediction events; {@link Redaction#NONE} logs
 *     them all
 * @param sessions ONNX Runtime threads and graph optimisation of every session
 */
public record GatewayOperations(
    AccessControl access, Redaction redaction, SessionSettings sessions) {

  /** Everything open, nothing redacted, ONNX Runtime's defaults: the gateway as it always was. */
  public static final GatewayOperations DEFAULTS =
      new GatewayOperations(AccessControl.OPEN, Redaction.NONE, SessionSettings.DEFAULTS);

  public GatewayOperations {
    Objects.requireNonNull(access, "gateway access tokens must be set (AccessControl.OPEN: none)");
    Objects.requireNonNull(redaction, "gateway redaction must be set (Redaction.NONE: none)");
    Objects.requireNonNull(sessions, "gateway session settings must be set");
  }

  public GatewayOperations withAccess(AccessControl newAccess) {
    return new GatewayOperations(newAccess, redaction, sessions);
  }

  public GatewayOperations withRedaction(Redaction newRedaction) {
    return new GatewayOperations(access, newRedaction, sessions);
  }

  public GatewayOperations withSessions(SessionSettings newSessions) {
    return new GatewayOperations(access, redaction, newSessions);
  }
}
