package io.driftwatch.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Generates malformed, oversized and adversarial requests from one seeded {@link Random}: valid
 * bodies of every endpoint that takes one, put through one to three mutations (truncation, byte
 * flips, inserted JSON punctuation, type swaps, shape lies, missing and extra fields, giant arrays
 * within and over the body limit, deep nesting, long and invalid Unicode strings, duplicate keys),
 * sent with odd content types, methods, paths and chunked bodies. Each request has its own seeded
 * generator, so any one can be replayed from the run's seed and its index.
 */
final class RequestFuzzer {

  /** One generated request, described well enough to replay it. */
  record FuzzRequest(
      String description,
      String method,
      String path,
      String contentType,
      byte[] body,
      boolean chunked) {}

  /** Stands for an unpaired surrogate: Jackson cannot write one, so it is spliced in as text. */
  private static final String LONE_SURROGATE = "@@LONE_SURROGATE@@";

  /** Reads and writes the mutated trees: deeper and longer than the gateway accepts, on purpose. */
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(100_000)
                      .maxNumberLength(100_000)
                      .build())
              .streamWriteConstraints(
                  StreamWriteConstraints.builder().maxNestingDepth(100_000).build())
              .build());

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> DATATYPES =
      List.of(
          "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16",
          "BF16", "FP32", "FP64", "BYTES", "fp32", "FLOAT", "", "STRING");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "text/plain",
          "application/xml",
          "application/octet-stream",
          "multipart/form-data; boundary=x",
          "application/json; charset=utf-16",
          "garbage",
          "application/x-www-form-urlencoded",
          "application/vnd.api+json",
          "");
  private static final List<String> PUNCTUATION =
      List.of("{", "}", "[", "]", "\"", ",", ":", "\\", "\u0000", "\n", "-", "e", ".", "null");

  private final Random random;
  private final DemoGateway gateway;
  private final String model;

  RequestFuzzer(Random random, DemoGateway gateway) {
    this.random = random;
    this.gateway = gateway;
    this.model = DemoGateway.MODEL;
  }

  /** The request of one index of a seeded run: the same seed and index give the same request. */
  static FuzzRequest request(long seed, int index, DemoGateway gateway) {
    return new RequestFuzzer(new Random(seed * 1_000_003L + index), gateway).next("#" + index);
  }

  FuzzRequest next(String label) {
    int endpoint = random.nextInt(100);
    if (endpoint < 8) {
      return get(label);
    }
    String path;
    String body;
    if (endpoint < 70) {
      path = inferPath();
      body =
          random.nextBoolean()
              ? gateway.tensorRequest("fuzz-" + random.nextInt(1000), 1 + random.nextInt(4))
              : gateway.featureRequest(
                  "fuzz-" + random.nextInt(1000),
                  1 + random.nextInt(3),
                  pick(List.of("FP32", "FP64", "INT64", "UINT8", "INT8")));
    } else if (endpoint < 85) {
      path = "/v2/repository/index";
      body = random.nextBoolean() ? "{\"ready\": true}" : "{}";
    } else {
      path = "/v1/feedback";
      body = "{\"id\": \"fuzz-" + random.nextInt(1000) + "\", \"label\": \"rain\"}";
    }
    StringBuilder description = new StringBuilder(label).append(' ');
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      int op = random.nextInt(14);
      description.append(OPS[op]).append(' ');
      bytes = mutate(op, bytes);
    }
    String method = random.nextInt(50) == 0 ? pick(List.of("PUT", "GET", "DELETE")) : "POST";
    String contentType = random.nextInt(8) == 0 ? pick(CONTENT_TYPES) : "application/json";
    if (contentType.isEmpty()) {
      contentType = null;
    }
    boolean chunked = random.nextInt(8) == 0;
    description
        .append(method)
        .append(' ')
        .append(path)
        .append(" type=")
        .append(contentType)
        .append(chunked ? " chunked" : "")
        .append(" bytes=")
        .append(bytes.length);
    return new FuzzRequest(description.toString(), method, path, contentType, bytes, chunked);
  }

  private static final String[] OPS = {
    "truncate",
    "flip-bytes",
    "insert-punctuation",
    "type-swap",
    "shape-lie",
    "remove-field",
    "add-field",
    "deep-nesting",
    "giant-array",
    "long-string",
    "datatype-swap",
    "duplicate-key",
    "unicode-name",
    "duplicate-input"
  };

  private byte[] mutate(int op, byte[] body) {
    return switch (op) {
      case 0 -> java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
      case 1 -> flipBytes(body);
      case 2 -> insert(body, pick(PUNCTUATION).getBytes(StandardCharsets.UTF_8));
      case 3 -> onTree(body, this::typeSwap);
      case 4 -> onTree(body, tree -> setAll(tree, "shape", this::shape));
      case 5 -> onTree(body, this::removeField);
      case 6 -> onTree(body, this::addField);
      case 7 -> onTree(body, tree -> setAll(tree, "data", this::nest));
      case 8 -> onTree(body, tree -> setAll(tree, "data", old -> giantArray()));
      case 9 ->
          onTree(
              body,
              tree ->
                  setAll(tree, pick(List.of("name", "id", "datatype", "label")), old -> text()));
      case 10 ->
          onTree(body, tree -> setAll(tree, "datatype", old -> NODES.textNode(pick(DATATYPES))));
      case 11 -> insertAfterFirstBrace(body, "\"id\": \"dup\", ");
      case 12 -> onTree(body, tree -> setAll(tree, "name", old -> NODES.textNode(unicodeName())));
      case 13 -> onTree(body, this::duplicateInput);
      default -> throw new IllegalStateException("no mutation " + op);
    };
  }

  private FuzzRequest get(String label) {
    String[] paths = {
      "/v2/models/" + model,
      "/v2/models/" + model + "/versions/1",
      "/v2/models/" + model + "/ready",
      "/v2/models/" + model + "/versions/1/ready",
      "/v2/health/ready",
      "/v2/health/live",
      "/v2",
      "/metrics"
    };
    String path = paths[random.nextInt(paths.length)];
    int variant = random.nextInt(6);
    path =
        switch (variant) {
          case 0 -> path.replace(model, percentEncodedNoise());
          case 1 -> path.replace("/1", "/" + pick(List.of("0", "-1", "99999999999999999999", "x")));
          case 2 -> path + "/" + percentEncodedNoise();
          case 3 -> path.replace(model, "m".repeat(1 + random.nextInt(6000)));
          default -> path;
        };
    return new FuzzRequest(label + " GET " + abbreviate(path), "GET", path, null, null, false);
  }

  private String inferPath() {
    return switch (random.nextInt(6)) {
      case 0 -> "/v2/models/" + model + "/versions/1/infer";
      case 1 ->
          "/v2/models/" + model + "/versions/" + pick(List.of("9", "-1", "%20", "1.0")) + "/infer";
      case 2 -> "/v2/models/" + percentEncodedNoise() + "/infer";
      default -> DemoGateway.INFER;
    };
  }

  private String percentEncodedNoise() {
    StringBuilder noise = new StringBuilder();
    int length = 1 + random.nextInt(12);
    for (int i = 0; i < length; i++) {
      if (random.nextBoolean()) {
        noise.append('%').append(String.format("%02X", random.nextInt(256)));
      } else {
        noise.append((char) ('a' + random.nextInt(26)));
      }
    }
    return noise.toString();
  }

  private byte[] flipBytes(byte[] body) {
    byte[] flipped = body.clone();
    int flips = 1 + random.nextInt(4);
    for (int i = 0; i < flips && flipped.length > 0; i++) {
      flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
    }
    return flipped;
  }

  private byte[] insert(byte[] body, byte[] inserted) {
    int at = random.nextInt(body.length + 1);
    byte[] result = new byte[body.length + inserted.length];
    System.arraycopy(body, 0, result, 0, at);
    System.arraycopy(inserted, 0, result, at, inserted.length);
    System.arraycopy(body, at, result, at + inserted.length, body.length - at);
    return result;
  }

  private static byte[] insertAfterFirstBrace(byte[] body, String text) {
    String s = new String(body, StandardCharsets.UTF_8);
    int brace = s.indexOf('{');
    return brace < 0
        ? body
        : (s.substring(0, brace + 1) + text + s.substring(brace + 1))
            .getBytes(StandardCharsets.UTF_8);
  }

  /** Applies a tree mutation when the body is still JSON; a body that is not stays as it is. */
  private byte[] onTree(byte[] body, UnaryOperator<JsonNode> mutation) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (IOException e) {
      return body;
    }
    if (tree == null) {
      return body;
    }
    JsonNode mutated = mutation.apply(tree);
    try {
      String text = JSON.writeValueAsString(mutated);
      return text.replace(LONE_SURROGATE, "\\udc00").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode typeSwap(JsonNode tree) {
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(tree, containers);
    if (containers.isEmpty()) {
      return value(2);
    }
    JsonNode container = containers.get(random.nextInt(containers.size()));
    if (container instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      object.set(pick(names), value(2));
    } else if (container instanceof ArrayNode array && array.size() > 0) {
      array.set(random.nextInt(array.size()), value(2));
    } else {
      return value(2);
    }
    return tree;
  }

  private JsonNode removeField(JsonNode tree) {
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(tree, containers);
    for (JsonNode container : containers) {
      if (container instanceof ObjectNode object && object.size() > 0 && random.nextInt(3) == 0) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        object.remove(pick(names));
        return tree;
      }
    }
    return tree;
  }

  private JsonNode addField(JsonNode tree) {
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(tree, containers);
    for (JsonNode container : containers) {
      if (container instanceof ObjectNode object && random.nextInt(2) == 0) {
        String name =
            pick(List.of("parameters", "outputs", "extra", "binary_data_size", "inputs", "id"));
        object.set(name, value(2));
        return tree;
      }
    }
    return tree;
  }

  private JsonNode duplicateInput(JsonNode tree) {
    JsonNode inputs = tree.get("inputs");
    if (inputs instanceof ArrayNode array && array.size() > 0) {
      array.add(array.get(0).deepCopy());
    }
    return tree;
  }

  private static void collectContainers(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode()) {
      into.add(node);
      for (JsonNode child : node) {
        collectContainers(child, into);
      }
    }
  }

  /** Replaces the value of every field called {@code name}, anywhere in the tree. */
  private static JsonNode setAll(JsonNode tree, String name, UnaryOperator<JsonNode> value) {
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(tree, containers);
    for (JsonNode container : containers) {
      if (container instanceof ObjectNode object && object.has(name)) {
        object.set(name, value.apply(object.get(name)));
      }
    }
    return tree;
  }

  private JsonNode shape(JsonNode old) {
    ArrayNode shape = NODES.arrayNode();
    int dims = random.nextInt(7);
    for (int i = 0; i < dims; i++) {
      shape.add(
          switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(-1 - random.nextInt(3));
            case 1 -> NODES.numberNode(Long.MAX_VALUE / (1 + random.nextInt(3)));
            case 2 -> NODES.numberNode(0);
            case 3 -> NODES.numberNode(1.5);
            default -> NODES.numberNode(random.nextInt(6));
          });
    }
    return random.nextInt(10) == 0 ? value(1) : shape;
  }

  private JsonNode nest(JsonNode old) {
    JsonNode nested = old;
    int depth = random.nextInt(4) == 0 ? 900 + random.nextInt(400) : 1 + random.nextInt(20);
    for (int i = 0; i < depth; i++) {
      nested = NODES.arrayNode().add(nested);
    }
    return nested;
  }

  /** A flat array of numbers making a body of roughly 2 KB to twice the body limit. */
  private JsonNode giantArray() {
    ArrayNode array = NODES.arrayNode();
    long targetBytes = 2048 + (long) (random.nextDouble() * 2 * DemoGateway.MAX_BODY_BYTES);
    long bytes = 0;
    while (bytes < targetBytes) {
      double value = random.nextInt(3) == 0 ? random.nextInt(100) : random.nextGaussian() * 1e6;
      array.add(value);
      bytes += Double.toString(value).length() + 1;
    }
    return array;
  }

  private JsonNode text() {
    return NODES.textNode(longString(1 + random.nextInt(random.nextBoolean() ? 100 : 60_000)));
  }

  private String longString(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(
          switch (random.nextInt(8)) {
            case 0 -> '\u00e9';
            case 1 -> '\u6e29';
            case 2 -> '"';
            case 3 -> '\n';
            default -> (char) ('a' + random.nextInt(26));
          });
    }
    return text.toString();
  }

  private String unicodeName() {
    return pick(
        List.of(
            "\u6e29\u5ea6",
            "temp\u0000max",
            "\ud83c\udf27\ufe0f",
            "\u202e" + "ecnatsid",
            "precipitation" + LONE_SURROGATE,
            LONE_SURROGATE,
            " ",
            "\t"));
  }

  private JsonNode value(int depth) {
    int kind = random.nextInt(depth > 0 ? 14 : 11);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextInt());
      case 3 -> NODES.numberNode(random.nextLong());
      case 4 -> NODES.numberNode(random.nextGaussian() * 1e300);
      case 5 -> NODES.numberNode(new BigInteger(random.nextInt(2000) + 1, random));
      case 6 -> NODES.textNode("");
      case 7 -> NODES.textNode(longString(1 + random.nextInt(40)));
      case 8 -> NODES.textNode(LONE_SURROGATE);
      case 9 -> NODES.numberNode(-0.0);
      case 10 -> NODES.numberNode(new java.math.BigDecimal("1e" + random.nextInt(2000)));
      case 11 -> {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
          array.add(value(depth - 1));
        }
        yield array;
      }
      case 12 -> {
        ObjectNode object = NODES.objectNode();
        object.set("name", value(depth - 1));
        object.set(pick(List.of("shape", "data", "datatype", "ready")), value(depth - 1));
        yield object;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, JsonNode> entry : iterable(value(0).fields())) {
          object.set(entry.getKey(), entry.getValue());
        }
        yield object;
      }
    };
  }

  private static <T> Iterable<T> iterable(Iterator<T> iterator) {
    return () -> iterator;
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private static String abbreviate(String path) {
    return path.length() <= 120 ? path : path.substring(0, 120) + "...(" + path.length() + ")";
  }
}
