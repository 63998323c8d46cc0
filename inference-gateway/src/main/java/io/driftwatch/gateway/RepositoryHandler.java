package io.driftwatch.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Triton's repository extension for one model ({@code POST
 * /v2/repository/models/{model}/load|unload}) and Driftwatch's traffic endpoints ({@code GET|POST
 * /v2/repository/models/{model}/traffic}, {@code POST .../rollback}). Bodies are validated here;
 * every refusal is a {@link GatewayException} naming the offending field.
 */
final class RepositoryHandler {

  private final ModelRepository repository;
  private final BoundedBody body;
  private final ObjectMapper json;

  RepositoryHandler(ModelRepository repository, BoundedBody body, ObjectMapper json) {
    this.repository = repository;
    this.body = body;
    this.json = json;
  }

  /** A model's versions after a load or unload. */
  record ModelVersions(
      @JsonProperty("model") String model,
      @JsonProperty("versions") List<MetadataHandler.IndexEntry> versions) {

    static ModelVersions of(String model, List<VersionState> states) {
      return new ModelVersions(
          model,
          states.stream()
              .map(
                  v ->
                      new MetadataHandler.IndexEntry(v.model(), v.version(), v.state(), v.reason()))
              .toList());
    }
  }

  /** The traffic endpoints' answer; absent roles are {@code null}, times ISO-8601 instants. */
  record TrafficView(
      @JsonProperty("model") String model,
      @JsonProperty("champion") String champion,
      @JsonProperty("challenger") ChallengerView challenger,
      @JsonProperty("shadow") String shadow,
      @JsonProperty("previous_champion") String previousChampion,
      @JsonProperty("champion_since") String championSince,
      @JsonProperty("history") List<ChangeView> history) {

    static TrafficView of(String model, TrafficPolicy traffic) {
      return new TrafficView(
          model,
          traffic.champion(),
          traffic.challenger().map(c -> new ChallengerView(c.version(), c.weight())).orElse(null),
          traffic.shadow().orElse(null),
          traffic.previousChampion().orElse(null),
          traffic.championSince().toString(),
          traffic.history().stream()
              .map(c -> new ChangeView(c.time().toString(), c.champion(), c.reason()))
              .toList());
    }
  }

  record ChallengerView(
      @JsonProperty("version") String version, @JsonProperty("weight") double weight) {}

  record ChangeView(
      @JsonProperty("time") String time,
      @JsonProperty("champion") String champion,
      @JsonProperty("reason") String reason) {}

  void load(Context ctx) {
    String model = ctx.pathParam("model");
    ctx.json(ModelVersions.of(model, repository.load(model)));
  }

  void unload(Context ctx) {
    String model = ctx.pathParam("model");
    ctx.json(ModelVersions.of(model, repository.unload(model)));
  }

  void traffic(Context ctx) {
    String model = ctx.pathParam("model");
    ctx.json(TrafficView.of(model, repository.traffic(model)));
  }

  /** {@code {"champion": "2", "challenger": {"version": "3", "weight": 0.1}, "shadow": "3"}}. */
  void setTraffic(Context ctx) {
    String model = ctx.pathParam("model");
    JsonNode root = object(body.read(ctx), "traffic request");
    TrafficPolicy.Update update =
        new TrafficPolicy.Update(
            root.has("champion")
                ? Optional.of(
                    version(root.get("champion"), "champion")
                        .orElseThrow(
                            () -> GatewayException.badRequest("champion cannot be cleared")))
                : Optional.empty(),
            root.has("challenger")
                ? Optional.of(challenger(root.get("challenger")))
                : Optional.empty(),
            root.has("shadow")
                ? Optional.of(version(root.get("shadow"), "shadow"))
                : Optional.empty(),
            text(root.get("reason"), "reason"));
    ctx.json(TrafficView.of(model, repository.setTraffic(model, update)));
  }

  /** {@code {"reason": "...", "version": "1"}}, both optional. */
  void rollback(Context ctx) {
    String model = ctx.pathParam("model");
    JsonNode root = object(body.read(ctx), "rollback request");
    Optional<String> version = version(root.get("version"), "version");
    String reason = text(root.get("reason"), "reason").orElse("rollback requested");
    ctx.json(TrafficView.of(model, repository.rollback(model, version, reason)));
  }

  /** The body as a JSON object; an empty body is an empty object. */
  private JsonNode object(byte[] request, String what) {
    if (new String(request, StandardCharsets.UTF_8).isBlank()) {
      return json.createObjectNode();
    }
    JsonNode root = InferRequestParser.readTree(json, request);
    if (!root.isObject()) {
      throw GatewayException.badRequest(what + " must be a JSON object");
    }
    return root;
  }

  private static Optional<TrafficPolicy.Challenger> challenger(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw GatewayException.badRequest(
          "challenger must be {\"version\": \"V\", \"weight\": W} or null");
    }
    String version =
        version(node.get("version"), "challenger.version")
            .orElseThrow(() -> GatewayException.badRequest("challenger.version is required"));
    JsonNode weight = node.get("weight");
    if (weight == null || !weight.isNumber()) {
      throw GatewayException.badRequest("challenger.weight must be a number in [0, 1]");
    }
    double value = weight.asDouble();
    if (!(value >= 0 && value <= 1)) {
      throw GatewayException.badRequest("challenger.weight must be in [0, 1], was " + value);
    }
    return Optional.of(new TrafficPolicy.Challenger(version, value));
  }

  /** A version given as a string or an integer; empty for null or absent. */
  private static Optional<String> version(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isIntegralNumber() || node.isTextual()) {
      return Optional.of(node.asText());
    }
    throw GatewayException.badRequest(field + " must be a version string or null, was " + node);
  }

  private static Optional<String> text(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw GatewayException.badRequest(field + " must be a string");
    }
    return Optional.of(node.asText());
  }
}
