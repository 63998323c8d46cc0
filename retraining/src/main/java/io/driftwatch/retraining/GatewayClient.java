package io.driftwatch.retraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Calls the gateway's model-control endpoints (Triton's repository API plus Driftwatch's traffic
 * and rollback): {@code POST /v2/repository/models/{m}/load}, {@code GET .../traffic} and {@code
 * POST .../rollback}. Each call times out after {@code timeout} and, when a token is given, carries
 * it as {@code Authorization: Bearer} (the gateway's admin scope). Thread-safe (the JDK client is).
 */
public final class GatewayClient {

  /**
   * A gateway answer.
   *
   * @param status HTTP status
   * @param body the body as text
   */
  public record Answer(int status, String body) {

    /** The {@code error} field of a JSON error body, or the body itself. */
    public String error() {
      try {
        JsonNode node = JSON.readTree(body);
        if (node != null && node.hasNonNull("error")) {
          return node.get("error").asText();
        }
      } catch (IOException e) {
        // not JSON: the raw body is the best message there is
      }
      return body.isBlank() ? "HTTP " + status : body.strip();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private final String token;

  /**
   * @param base the gateway's URL, e.g. {@code http://127.0.0.1:8080}
   * @param timeout per call (connect and answer)
   */
  public GatewayClient(URI base, Duration timeout) {
    this(base, timeout, null);
  }

  /**
   * @param token bearer token for the gateway's admin endpoints, or null to send none
   */
  public GatewayClient(URI base, Duration timeout, String token) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.timeout = timeout;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Asks the gateway to load (or reload) every version of {@code model} in its repository. */
  public Answer load(String model) throws IOException, InterruptedException {
    return post(model, "load", "{}");
  }

  /** Asks the gateway to make the previous champion of {@code model} the champion again. */
  public Answer rollback(String model, String reason) throws IOException, InterruptedException {
    return post(model, "rollback", JSON.writeValueAsString(Map.of("reason", reason)));
  }

  /**
   * The model's champion, previous champion and since when the champion serves.
   *
   * @throws IOException when the gateway is unreachable or answers anything but 200 with the
   *     documented JSON
   */
  public TrafficState traffic(String model) throws IOException, InterruptedException {
    HttpRequest request = request(model, "traffic").GET().build();
    HttpResponse<String> response =
        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    Answer answer = new Answer(response.statusCode(), response.body());
    if (answer.status() != 200) {
      throw new IOException(
          "GET traffic of " + model + ": HTTP " + answer.status() + ": " + answer.error());
    }
    JsonNode node = JSON.readTree(answer.body());
    if (node == null || !node.hasNonNull("champion")) {
      throw new IOException("GET traffic of " + model + ": no 'champion' in " + answer.body());
    }
    return new TrafficState(
        model,
        node.get("champion").asText(),
        node.hasNonNull("previous_champion") ? node.get("previous_champion").asText() : null,
        node.hasNonNull("champion_since") ? instant(node.get("champion_since").asText()) : null);
  }

  private Answer post(String model, String action, String json)
      throws IOException, InterruptedException {
    HttpRequest request =
        request(model, action)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response =
        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response.body());
  }

  private HttpRequest.Builder request(String model, String action) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(model, action)).timeout(timeout);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private URI uri(String model, String action) {
    String segment = URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
    return base.resolve("v2/repository/models/" + segment + "/" + action);
  }

  private static Instant instant(String text) throws IOException {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IOException("champion_since: not an ISO-8601 time: '" + text + "'", e);
    }
  }
}
