package io.driftwatch.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answers to requests it refuses before they reach a route (a path with an encoded NUL or
 * an ambiguous separator, a URI or headers over Jetty's limits, a malformed request line) in the
 * gateway's shape: {@code {"error": "bad HTTP request: <Jetty's reason>"}} as JSON instead of
 * Jetty's HTML page. Everything that reaches a route is answered by {@link ErrorResponses}.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body("bad HTTP request: " + (reason == null ? status : reason)));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(body(message == null || message.isBlank() ? "HTTP " + code : message));
  }

  private static byte[] body(String message) {
    try {
      return JSON.writeValueAsBytes(Map.of("error", message));
    } catch (JsonProcessingException e) {
      return "{\"error\": \"bad HTTP request\"}".getBytes(StandardCharsets.UTF_8);
    }
  }
}
