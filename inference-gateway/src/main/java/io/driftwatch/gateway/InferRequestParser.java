package io.driftwatch.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses the JSON body of an infer request into an {@link InferRequest}, refusing with 400 and a
 * message naming the offending input anything the protocol does not allow: malformed JSON (also
 * {@code NaN}/{@code Infinity} literals, duplicate keys, trailing content, nesting deeper than
 * Jackson's 1000 levels, numbers longer than 1000 digits), missing fields, an unknown datatype, a
 * value outside its datatype's range (see {@link TensorDatatype}), nested data that does not match
 * the shape, flat data whose count is not the product of the shape, and names or ids that are not
 * valid Unicode. Data may be flat or nested; {@code parameters} objects are accepted and ignored.
 * Reads a body token by token first ({@link InferRequestStream}) and builds a JSON tree only when
 * that gives up, so that every refusal and its message come from the tree reading here.
 * Thread-safe.
 */
final class InferRequestParser {

  /** Longest excerpt of a client's value or name quoted back in an error message, characters. */
  static final int MAX_QUOTED_CHARS = 64;

  private static final String DATATYPES =
      Arrays.stream(TensorDatatype.values()).map(Enum::name).collect(Collectors.joining(", "));

  private final ObjectMapper json;
  private final InferRequestStream stream;

  InferRequestParser(ObjectMapper json) {
    this.json = strict(json);
    this.stream = new InferRequestStream(this.json.getFactory());
  }

  /**
   * A copy of {@code json} that refuses duplicate keys and content after the first value, and reads
   * floating-point numbers with Jackson's fast parser (FastDoubleParser: the same correctly rounded
   * doubles as {@link Double#parseDouble}, in a fraction of the time).
   */
  static ObjectMapper strict(ObjectMapper json) {
    ObjectMapper strict = json.copy();
    strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    strict.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
    strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return strict;
  }

  InferRequest parse(byte[] body) {
    return stream.read(body).orElseGet(() -> parseTree(body));
  }

  /** The request as the JSON tree reading accepts it, or the 400 that says what is wrong. */
  InferRequest parseTree(byte[] body) {
    JsonNode root = readTree(json, body);
    if (!root.isObject()) {
      throw GatewayException.badRequest("infer request must be a JSON object");
    }
    parameters(root.get("parameters"), "parameters");
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

  /**
   * A client's string as error messages quote it: at most {@value #MAX_QUOTED_CHARS} characters, in
   * single quotes.
   */
  static String quoted(String value) {
    String shown =
        value.length() <= MAX_QUOTED_CHARS
            ? value
            : value.substring(0, MAX_QUOTED_CHARS) + "... (" + value.length() + " characters)";
    return "'" + shown + "'";
  }

  private static String excerpt(JsonNode value) {
    String text = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
  }

  /**
   * A string field that is echoed back (id, names): refused when it has an unpaired UTF-16
   * surrogate, which cannot be written as UTF-8.
   */
  static String unicode(String value, String what) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw GatewayException.badRequest(
            what + " is not valid Unicode: unpaired surrogate at character " + i);
      }
    }
    return value;
  }

  private static void parameters(JsonNode parameters, String what) {
    if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
      throw GatewayException.badRequest(what + " must be an object");
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
    return Optional.of(unicode(id.asText(), "id"));
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
        throw GatewayException.badRequest(
            "input " + quoted(tensor.name()) + " appears more than once");
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
    String name = unicode(nameNode.asText(), "inputs[" + index + "].name");
    String input = "input " + quoted(name);
    long[] shape = shape(input, node.get("shape"));
    TensorDatatype datatype = datatype(input, node.get("datatype"));
    parameters(node.get("parameters"), input + ": parameters");
    JsonNode data = node.get("data");
    if (data == null || data.isNull()) {
      throw GatewayException.badRequest(input + ": data is required");
    }
    if (!data.isArray()) {
      throw GatewayException.badRequest(input + ": data must be an array");
    }
    long expected = elementCount(input, shape);
    Values values = new Values(input, datatype, expected);
    if (isFlat(data)) {
      if (data.size() != expected) {
        throw GatewayException.badRequest(
            input
                + " has shape "
                + Arrays.toString(shape)
                + " which needs "
                + expected
                + " values, but data has "
                + data.size());
      }
      data.forEach(values::add);
    } else {
      nested(values, data, shape, new int[shape.length], 0);
    }
    return new InputTensor(
        name, shape, datatype, values.numbers(), values.strings(), values.integers());
  }

  private static boolean isFlat(JsonNode data) {
    for (JsonNode element : data) {
      if (element.isArray()) {
        return false;
      }
    }
    return true;
  }

  /** Walks nested data level by level, refusing any level whose length is not the shape's. */
  private static void nested(Values values, JsonNode level, long[] shape, int[] at, int depth) {
    if (level.size() != shape[depth]) {
      throw GatewayException.badRequest(
          values.input
              + ": nested data must match shape "
              + Arrays.toString(shape)
              + ", but "
              + path(at, depth)
              + " has "
              + level.size()
              + " elements, not "
              + shape[depth]);
    }
    boolean innermost = depth == shape.length - 1;
    for (int i = 0; i < level.size(); i++) {
      at[depth] = i;
      JsonNode element = level.get(i);
      if (innermost && element.isArray()) {
        throw GatewayException.badRequest(
            values.input
                + ": nested data must match shape "
                + Arrays.toString(shape)
                + ", but "
                + path(at, depth + 1)
                + " is nested deeper");
      }
      if (!innermost && !element.isArray()) {
        throw GatewayException.badRequest(
            values.input
                + ": nested data must match shape "
                + Arrays.toString(shape)
                + ", but "
                + path(at, depth + 1)
                + " is a value, not an array of "
                + shape[depth + 1]);
      }
      if (innermost) {
        values.add(element);
      } else {
        nested(values, element, shape, at, depth + 1);
      }
    }
  }

  private static String path(int[] at, int depth) {
    StringBuilder path = new StringBuilder("data");
    for (int i = 0; i < depth; i++) {
      path.append('[').append(at[i]).append(']');
    }
    return path.toString();
  }

  private static long[] shape(String input, JsonNode shape) {
    if (shape == null || !shape.isArray() || shape.isEmpty()) {
      throw GatewayException.badRequest(
          input + ": shape must be a non-empty array of non-negative integers");
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      JsonNode dim = shape.get(i);
      if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.asLong() < 0) {
        throw GatewayException.badRequest(
            input + ": shape must be a non-empty array of non-negative integers");
      }
      dims[i] = dim.asLong();
    }
    return dims;
  }

  private static long elementCount(String input, long[] shape) {
    long count = 1;
    try {
      for (long dim : shape) {
        count = Math.multiplyExact(count, dim);
      }
    } catch (ArithmeticException e) {
      throw GatewayException.badRequest(input + ": shape is too large");
    }
    return count;
  }

  private static TensorDatatype datatype(String input, JsonNode datatype) {
    if (datatype == null || !datatype.isTextual()) {
      throw GatewayException.badRequest(input + ": datatype is required, one of " + DATATYPES);
    }
    return TensorDatatype.parse(datatype.asText())
        .orElseThrow(
            () ->
                GatewayException.badRequest(
                    input
                        + ": datatype "
                        + quoted(datatype.asText())
                        + " is not a protocol datatype, use one of "
                        + DATATYPES));
  }

  private static List<String> outputs(JsonNode outputs) {
    if (outputs == null || outputs.isNull()) {
      return List.of();
    }
    if (!outputs.isArray()) {
      throw GatewayException.badRequest("outputs must be an array of {\"name\": ...} objects");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      JsonNode output = outputs.get(i);
      JsonNode name = output.isObject() ? output.get("name") : null;
      if (name == null || !name.isTextual()) {
        throw GatewayException.badRequest("outputs[" + i + "] needs a string name");
      }
      parameters(output.get("parameters"), "outputs[" + i + "].parameters");
      names.add(unicode(name.asText(), "outputs[" + i + "].name"));
    }
    return names.stream().distinct().collect(Collectors.toList());
  }

  /**
   * The values of one input, checked against its datatype as they are added: numbers (and BOOL as
   * 1/0) into a growable double array so large tensors are not boxed, BYTES into a list, and for
   * integer datatypes the exact values into a long array too, while they all fit a long.
   */
  static final class Values {
    final String input;
    private final TensorDatatype datatype;
    private double[] numbers;
    private int size;
    private final List<String> strings = new ArrayList<>();
    // Null unless the datatype is an integer type and every value so far fits a long.
    private long[] integers;

    Values(String input, TensorDatatype datatype, long expected) {
      this.input = input;
      this.datatype = datatype;
      // The shape may lie; the body limit, not the shape, bounds how much data there is.
      this.numbers =
          new double
              [datatype.kind() == TensorDatatype.Kind.STRING ? 0 : (int) Math.min(expected, 1024)];
      this.integers = datatype.isInteger() ? new long[numbers.length] : null;
    }

    void add(JsonNode element) {
      switch (datatype.kind()) {
        case BOOLEAN -> {
          if (!element.isBoolean()) {
            throw refused("BOOL data must be true or false", element);
          }
          addNumber(element.booleanValue() ? 1 : 0);
        }
        case INTEGER -> {
          double value = integer(element);
          addInteger(element, value);
          addNumber(value);
        }
        case FLOATING -> {
          if (!element.isNumber()) {
            throw refused("data must hold only numbers for datatype " + datatype, element);
          }
          double value = element.doubleValue();
          if (!datatype.holds(value)) {
            throw outOfRange(element);
          }
          addNumber(value);
        }
        case STRING -> {
          if (!element.isTextual()) {
            throw refused("BYTES data must be strings", element);
          }
          strings.add(element.asText());
        }
      }
    }

    private double integer(JsonNode element) {
      if (!element.isNumber()) {
        throw refused("data must hold only numbers for datatype " + datatype, element);
      }
      if (element.isIntegralNumber()) {
        boolean fits =
            element.canConvertToLong()
                ? datatype.holds(element.longValue())
                : datatype.holds(element.bigIntegerValue());
        if (!fits) {
          throw outOfRange(element);
        }
        return element.doubleValue();
      }
      double value = element.doubleValue();
      if (!Double.isFinite(value) || value != Math.rint(value)) {
        throw refused(datatype + " data must be integers", element);
      }
      if (!datatype.holds(BigDecimal.valueOf(value).toBigInteger())) {
        throw outOfRange(element);
      }
      return value;
    }

    /** Records the exact value of a checked integer, or gives up on exact values for good. */
    private void addInteger(JsonNode element, double value) {
      if (integers == null) {
        return;
      }
      boolean exact = element.isIntegralNumber() ? element.canConvertToLong() : value < 0x1p63;
      if (!exact) {
        integers = null;
        return;
      }
      putExact(element.isIntegralNumber() ? element.longValue() : (long) value);
    }

    /** The exact value at the next position; {@link #addNumber} then moves past it. */
    private void putExact(long value) {
      if (size == integers.length) {
        integers = Arrays.copyOf(integers, Math.max(16, size * 2));
      }
      integers[size] = value;
    }

    /** A checked integer that fits a long, kept exact when the datatype is an integer type. */
    void addExact(long value) {
      if (integers != null) {
        putExact(value);
      }
      addNumber(value);
    }

    /** A BYTES value. */
    void addString(String value) {
      strings.add(value);
    }

    TensorDatatype datatype() {
      return datatype;
    }

    void addNumber(double value) {
      if (size == numbers.length) {
        numbers = Arrays.copyOf(numbers, Math.max(16, size * 2));
      }
      numbers[size++] = value;
    }

    private GatewayException refused(String rule, JsonNode element) {
      return GatewayException.badRequest(input + ": " + rule + ", found " + excerpt(element));
    }

    private GatewayException outOfRange(JsonNode element) {
      return GatewayException.badRequest(
          input
              + ": value "
              + excerpt(element)
              + " is out of range for "
              + datatype
              + " ("
              + datatype.range()
              + ")");
    }

    double[] numbers() {
      return Arrays.copyOf(numbers, size);
    }

    List<String> strings() {
      return strings;
    }

    long[] integers() {
      return integers == null ? null : Arrays.copyOf(integers, size);
    }
  }
}
