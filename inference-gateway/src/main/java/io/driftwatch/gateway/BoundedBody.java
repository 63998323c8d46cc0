package io.driftwatch.gateway;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body of at most a limit of bytes, whether or not the client declared its length,
 * and refuses larger ones with 413 without buffering them.
 */
final class BoundedBody {

  private final long limitBytes;

  /**
   * @param limitBytes largest accepted body, 1..2^31-1 bytes
   */
  BoundedBody(long limitBytes) {
    if (limitBytes < 1 || limitBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("body limit must be 1.." + Integer.MAX_VALUE);
    }
    this.limitBytes = limitBytes;
  }

  /**
   * The whole body of a request that must carry JSON. A {@code Content-Type} is optional, but when
   * present it must be JSON ({@code application/json} or {@code application/*+json}), {@code
   * text/plain}, or {@code application/x-www-form-urlencoded} (what {@code curl -d} sends when not
   * told otherwise); anything else, such as the binary tensor extension's {@code
   * application/octet-stream}, is refused.
   *
   * @throws GatewayException 400 for another content type, else as {@link #read}
   */
  byte[] readJson(Context ctx) {
    String contentType = ctx.req().getContentType();
    if (contentType != null && !isJsonCompatible(contentType)) {
      throw GatewayException.badRequest(
          "Content-Type "
              + InferRequestParser.quoted(contentType)
              + " is not supported: send the body as application/json");
    }
    return read(ctx);
  }

  private static boolean isJsonCompatible(String contentType) {
    String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"))
        || type.equals("text/plain")
        || type.equals("application/x-www-form-urlencoded");
  }

  /**
   * The whole body.
   *
   * @throws GatewayException 413 when the body is over the limit, 400 when it cannot be read
   */
  byte[] read(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limitBytes) {
      throw GatewayException.payloadTooLarge(limitBytes);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(limitBytes + 1, Integer.MAX_VALUE));
      if (body.length > limitBytes) {
        throw GatewayException.payloadTooLarge(limitBytes);
      }
      return body;
    } catch (IOException e) {
      throw GatewayException.badRequest("cannot read the request body: " + e.getMessage());
    }
  }
}
