package io.driftwatch.gateway;

import io.driftwatch.gateway.AccessControl.Scope;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the {@code Authorization: Bearer <token>} header of every request against the scope of its
 * path before any handler runs: {@code /v2/health/...} is always open, {@code /metrics} needs a
 * metrics token only when some are configured, {@code /v2/repository/...} needs an admin token and
 * everything else (infer, metadata, feedback, unknown paths) an inference token. A scope without
 * tokens is open. Answers 401 with {@code WWW-Authenticate: Bearer} when the token is missing or
 * opens no scope, 403 when it opens another scope only, counting each refusal in {@code
 * gateway.auth.refused} by {@code scope} and {@code code}. Refused requests reach no handler: they
 * are neither inference failures nor prediction events. Thread-safe.
 */
final class BearerAuth {

  static final String REALM = "Bearer realm=\"driftwatch\"";

  private final AccessControl access;
  private final MeterRegistry registry;
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

  BearerAuth(AccessControl access, MeterRegistry registry) {
    this.access = access;
    this.registry = registry;
  }

  /** The scope of a request path; empty for endpoints that are always open. */
  static Optional<Scope> scopeOf(String path) {
    if (path.startsWith("/v2/health/")) {
      return Optional.empty();
    }
    if (path.equals("/metrics")) {
      return Optional.of(Scope.METRICS);
    }
    if (path.startsWith("/v2/repository/")) {
      return Optional.of(Scope.ADMIN);
    }
    return Optional.of(Scope.INFERENCE);
  }

  /** Javalin before-handler: returns when the request may go on, throws 401 or 403 otherwise. */
  void check(Context ctx) {
    Optional<Scope> scope = scopeOf(ctx.path());
    if (scope.isEmpty() || !access.guards(scope.get())) {
      return;
    }
    String scopeName = scope.get().name().toLowerCase(Locale.ROOT);
    Optional<String> token = bearerToken(ctx.header("Authorization"));
    if (token.isEmpty()) {
      refused(scopeName, 401);
      throw GatewayException.unauthorized("a bearer token is required", REALM);
    }
    Set<Scope> granted = access.grants(token.get());
    if (granted.contains(scope.get())) {
      return;
    }
    if (!granted.isEmpty()) {
      refused(scopeName, 403);
      throw GatewayException.forbidden(
          "the bearer token does not grant the " + scopeName + " scope",
          REALM + ", error=\"insufficient_scope\", scope=\"" + scopeName + "\"");
    }
    refused(scopeName, 401);
    throw GatewayException.unauthorized(
        "the bearer token is not valid", REALM + ", error=\"invalid_token\"");
  }

  private void refused(String scope, int status) {
    // Looked up, not built and registered, per refusal: a token-guessing flood comes this way.
    refusals
        .computeIfAbsent(
            scope + "/" + status,
            key ->
                Counter.builder("gateway.auth.refused")
                    .description(
                        "Requests refused for a missing, unknown or wrong-scope bearer token")
                    .tags("scope", scope, "code", Integer.toString(status))
                    .register(registry))
        .increment();
  }

  private static Optional<String> bearerToken(String header) {
    if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
