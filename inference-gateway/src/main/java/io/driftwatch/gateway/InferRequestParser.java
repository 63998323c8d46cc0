package io.driftwatch.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses the JSON body of an infer request into an {@link InferRequest}, refusing with 400 and a
 * message naming the offending input anything the protocol does not allow: malformed JSON, missing
 * or non-numeric data, a shape that does not match the data, a datatype other than FP32, FP64,
 * INT32 or INT64, or fractional values in an integer tensor. Nested and flat data are both
 * accepted. Thread-safe.
 */
final class InferRequestParser {

  private static final String ACCEPTED_DATATYPES = "FP32, FP64, INT32, INT64";

  private final ObjectMapper json;

  InferRequestParser(ObjectMapper json) {
    this.json = json.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  InferRequest parse(byte[] body) {
    JsonNode root = readTree(json, body);
    if (!root.isObject()) {
      throw GatewayException.badRequest("infer request must be a JSON object");
    }
    return new InferRequest(id(root), inputs(root.get("inputs")), outputs(root.get("outputs")));
  }

  /** Reads any JSON body, answering 400 with Jackson's description of what is malformed. */
  static JsonNode readTree(ObjectMapper json, byte[] body) {
    if (body.length == 0) {
      throw GatewayException.badRequest("malformed JSON: the request body is empty");
    }
    try {
      JsonNode root = json.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw GatewayException.badRequest("malformed JSON: no JSON value in the body");
      }
      return root;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw GatewayException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw GatewayException.badRequest("malformed JSON: " + e.getMessage());
    }
  }

  private static Optional<String> id(JsonNode root) {
    JsonNode id = root.get("id");
    if (id == null || id.isNull()) {
      return Optional.empty();
    }
    if (!id.isTextual()) {
      throw GatewayException.badRequest("id must be a string");
    }
    return Optional.of(id.asText());
  }

  private static List<InputTensor> inputs(JsonNode inputs) {
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw GatewayException.badRequest("inputs must be a non-empty array");
    }
    List<InputTensor> parsed = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      InputTensor tensor = input(i, inputs.get(i));
      if (!names.add(tensor.name())) {
        throw GatewayException.badRequest("input '" + tensor.name() + "' appears more than once");
      }
      parsed.add(tensor);
    }
    return parsed;
  }

  private static InputTensor input(int index, JsonNode node) {
    if (!node.isObject()) {
      throw GatewayException.badRequest("inputs[" + index + "] must be an object");
    }
    JsonNode nameNode = node.get("name");
    if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
      throw GatewayException.badRequest("inputs[" + index + "].name must be a non-empty string");
    }
    String name = nameNode.asText();
    long[] shape = shape(name, node.get("shape"));
    TensorDatatype datatype = datatype(name, node.get("datatype"));
    double[] data = data(name, datatype, node.get("data"));
    long expected = elementCount(name, shape);
    if (data.length != expected) {
      throw GatewayException.badRequest(
          "input '"
              + name
              + "' has shape "
              + java.util.Arrays.toString(shape)
              + " which needs "
              + expected
              + " values, but data has "
              + data.length);
    }
    return new InputTensor(name, shape, datatype, data);
  }

  private static long[] shape(String name, JsonNode shape) {
    if (shape == null || !shape.isArray() || shape.isEmpty()) {
      throw GatewayException.badRequest(
          "input '" + name + "': shape must be a non-empty array of non-negative integers");
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      JsonNode dim = shape.get(i);
      if (!dim.canConvertToExactIntegral() || !dim.canConvertToLong() || dim.asLong() < 0) {
        throw GatewayException.badRequest(
            "input '" + name + "': shape must be a non-empty array of non-negative integers");
      }
      dims[i] = dim.asLong();
    }
    return dims;
  }

  private static long elementCount(String name, long[] shape) {
    long count = 1;
    try {
      for (long dim : shape) {
        count = Math.multiplyExact(count, dim);
      }
    } catch (ArithmeticException e) {
      throw GatewayException.badRequest("input '" + name + "': shape is too large");
    }
    return count;
  }

  private static TensorDatatype datatype(String name, JsonNode datatype) {
    if (datatype == null || !datatype.isTextual()) {
      throw GatewayException.badRequest(
          "input '" + name + "': datatype is required, one of " + ACCEPTED_DATATYPES);
    }
    return TensorDatatype.parse(datatype.asText())
        .filter(TensorDatatype::acceptedAsInput)
        .orElseThrow(
            () ->
                GatewayException.badRequest(
                    "input '"
                        + name
                        + "': datatype "
                        + datatype.asText()
                        + " is not supported, use one of "
                        + ACCEPTED_DATATYPES));
  }

  private static double[] data(String name, TensorDatatype datatype, JsonNode data) {
    if (data == null || data.isNull()) {
      throw GatewayException.badRequest("input '" + name + "': data is required");
    }
    if (!data.isArray()) {
      throw GatewayException.badRequest("input '" + name + "': data must be an array");
    }
    DoubleList values = new DoubleList();
    flatten(name, datatype, data, values);
    return values.toArray();
  }

  private static void flatten(String name, TensorDatatype datatype, JsonNode node, DoubleList out) {
    for (JsonNode element : node) {
      if (element.isArray()) {
        flatten(name, datatype, element, out);
      } else if (element.isNumber()) {
        if (datatype.isInteger() && !element.canConvertToExactIntegral()) {
          throw GatewayException.badRequest(
              "input '"
                  + name
                  + "': "
                  + datatype
                  + " data must be integers, found "
                  + element.asText());
        }
        out.add(element.asDouble());
      } else {
        throw GatewayException.badRequest(
            "input '"
                + name
                + "': data must hold only numbers for datatype "
                + datatype
                + ", found "
                + element);
      }
    }
  }

  private static List<String> outputs(JsonNode outputs) {
    if (outputs == null || outputs.isNull()) {
      return List.of();
    }
    if (!outputs.isArray()) {
      throw GatewayException.badRequest("outputs must be an array of {\"name\": ...} objects");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode output : outputs) {
      JsonNode name = output.get("name");
      if (name == null || !name.isTextual()) {
        throw GatewayException.badRequest("every requested output needs a string name");
      }
      names.add(name.asText());
    }
    return names.stream().distinct().collect(Collectors.toList());
  }

  /** A growable array of doubles, so large tensors are not boxed. */
  private static final class DoubleList {
    private double[] values = new double[64];
    private int size;

    void add(double value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
