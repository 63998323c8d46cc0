package io.driftwatch.gateway;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: every error is {@code {"error": "..."}} with
 * the status of its {@link GatewayException}, Javalin's own 404/405/413, or 500 for anything else.
 * Requests Jetty refuses before routing get the same shape from {@link JsonErrorHandler}.
 */
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  static void addTo(JavalinDefaultRouting router) {
    router.exception(GatewayException.class, (e, ctx) -> write(ctx, e));
    router.exception(
        HttpResponseException.class,
        (e, ctx) -> write(ctx, e.getStatus(), describe(ctx, e.getStatus(), e.getMessage())));
    router.exception(Exception.class, (e, ctx) -> write(ctx, GatewayException.from(e)));
  }

  static void write(Context ctx, GatewayException e) {
    if (e.status() >= 500 && e.getCause() != null) {
      LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e.getCause());
    }
    if (e.isClientError()) {
      // Request values are withheld from this message when feature redaction is on.
      LOG.debug("{} {} answered {}: {}", ctx.method(), ctx.path(), e.status(), e.getMessage());
    }
    e.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Integer.toString(s)));
    e.challenge().ifPresent(c -> ctx.header("WWW-Authenticate", c));
    write(ctx, e.status(), e.getMessage());
  }

  private static void write(Context ctx, int status, String message) {
    if (!bodyReadToItsEnd(ctx)) {
      // Refused before its body was read (413, a wrong Content-Type, no token): Jetty closes the
      // connection after this answer when it cannot drain the rest, so say so, or a keep-alive
      // client sends its next request into a closed connection.
      ctx.header("Connection", "close");
    }
    ctx.status(status).json(Map.of("error", message == null ? "HTTP " + status : message));
  }

  private static boolean bodyReadToItsEnd(Context ctx) {
    try {
      return ctx.req().getInputStream().isFinished();
    } catch (IOException | IllegalStateException e) {
      return true; // read as a reader, or not readable: nothing to tell the client
    }
  }

  private static String describe(Context ctx, int status, String javalinMessage) {
    return switch (status) {
      case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path();
      case 405 -> "method not allowed: " + ctx.method() + " " + ctx.path();
      case 413 -> "request body is too large";
      default -> javalinMessage;
    };
  }
}
