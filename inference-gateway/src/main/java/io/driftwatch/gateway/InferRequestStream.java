package io.driftwatch.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fast path of {@link InferRequestParser}: reads an infer request token by token, building no
 * JSON tree, and gives up (empty) at the first thing it does not expect. That is every malformed or
 * invalid request, and also valid ones it leaves to the tree reading: data before its shape and
 * datatype, integer data written as {@code 1.0}, integers beyond a long. What it accepts, the tree
 * reading accepts as the same request ({@code InferRequestStreamTest} compares the two on valid
 * requests and on the fuzzer's corpus). It reads with the parser's own factory, so duplicate keys,
 * nesting depth and number length are refused by the same Jackson settings. Thread-safe.
 */
final class InferRequestStream {

  /** Unwinds the reading when it gives up; carries no stack trace, it is not an error. */
  private static final class GiveUp extends RuntimeException {

    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  private final JsonFactory factory;

  /**
   * @param factory the factory of {@link InferRequestParser}'s strict mapper
   */
  InferRequestStream(JsonFactory factory) {
    this.factory = factory;
  }

  /** The request, or empty when the tree reading must decide. */
  Optional<InferRequest> read(byte[] body) {
    try (JsonParser parser = factory.createParser(body)) {
      InferRequest request = request(parser);
      return parser.nextToken() == null ? Optional.of(request) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      // Malformed JSON, an invalid request or one this path does not read: the tree reading
      // accepts it or says what is wrong.
      return Optional.empty();
    }
  }

  private static void expect(boolean condition) {
    if (!condition) {
      throw GIVE_UP;
    }
  }

  private static InferRequest request(JsonParser parser) throws IOException {
    expect(parser.nextToken() == JsonToken.START_OBJECT);
    String id = null;
    List<InputTensor> inputs = null;
    List<String> outputs = List.of();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "id" -> id = value == JsonToken.VALUE_NULL ? null : text(parser, value, "id");
        case "inputs" -> inputs = inputs(parser, value);
        case "outputs" ->
            outputs = value == JsonToken.VALUE_NULL ? List.of() : outputs(parser, value);
        case "parameters" -> parameters(parser, value);
        default -> parser.skipChildren();
      }
    }
    expect(inputs != null);
    return new InferRequest(Optional.ofNullable(id), inputs, outputs);
  }

  private static String text(JsonParser parser, JsonToken value, String what) throws IOException {
    expect(value == JsonToken.VALUE_STRING);
    return InferRequestParser.unicode(parser.getText(), what);
  }

  private static void parameters(JsonParser parser, JsonToken value) throws IOException {
    expect(value == JsonToken.VALUE_NULL || value == JsonToken.START_OBJECT);
    parser.skipChildren();
  }

  private static List<InputTensor> inputs(JsonParser parser, JsonToken value) throws IOException {
    expect(value == JsonToken.START_ARRAY);
    List<InputTensor> inputs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    JsonToken next;
    while ((next = parser.nextToken()) == JsonToken.START_OBJECT) {
      InputTensor input = input(parser);
      expect(names.add(input.name()));
      inputs.add(input);
    }
    expect(next == JsonToken.END_ARRAY && !inputs.isEmpty());
    return inputs;
  }

  private static InputTensor input(JsonParser parser) throws IOException {
    String name = null;
    long[] shape = null;
    TensorDatatype datatype = null;
    InferRequestParser.Values values = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "name" -> name = text(parser, value, "name");
        case "shape" -> shape = shape(parser, value);
        case "datatype" -> {
          expect(value == JsonToken.VALUE_STRING);
          datatype = TensorDatatype.parse(parser.getText()).orElseThrow(() -> GIVE_UP);
        }
        case "parameters" -> parameters(parser, value);
        case "data" -> {
          expect(shape != null && datatype != null && value == JsonToken.START_ARRAY);
          values = data(parser, shape, datatype);
        }
        default -> parser.skipChildren();
      }
    }
    expect(name != null && !name.isBlank() && values != null);
    return new InputTensor(
        name, shape, datatype, values.numbers(), values.strings(), values.integers());
  }

  private static long[] shape(JsonParser parser, JsonToken value) throws IOException {
    expect(value == JsonToken.START_ARRAY);
    long[] dims = new long[4];
    int count = 0;
    JsonToken next;
    while ((next = parser.nextToken()) == JsonToken.VALUE_NUMBER_INT) {
      expect(parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
      long dim = parser.getLongValue();
      expect(dim >= 0);
      if (count == dims.length) {
        dims = Arrays.copyOf(dims, count * 2);
      }
      dims[count++] = dim;
    }
    expect(next == JsonToken.END_ARRAY && count > 0);
    return Arrays.copyOf(dims, count);
  }

  /** Data, flat or nested as the tree reading takes it, after its opening bracket. */
  private static InferRequestParser.Values data(
      JsonParser parser, long[] shape, TensorDatatype datatype) throws IOException {
    long expected = 1;
    for (long dim : shape) {
      expected = Math.multiplyExact(expected, dim);
    }
    InferRequestParser.Values values = new InferRequestParser.Values("", datatype, expected);
    JsonToken first = parser.nextToken();
    if (first == JsonToken.START_ARRAY) {
      level(parser, first, values, shape, 0);
    } else {
      long count = 0;
      for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        value(parser, token, values);
        count++;
      }
      expect(count == expected);
    }
    return values;
  }

  /** One level of nested data from its first token to its closing bracket. */
  private static void level(
      JsonParser parser, JsonToken first, InferRequestParser.Values values, long[] shape, int depth)
      throws IOException {
    boolean innermost = depth == shape.length - 1;
    long count = 0;
    for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (innermost) {
        value(parser, token, values);
      } else {
        expect(token == JsonToken.START_ARRAY);
        level(parser, parser.nextToken(), values, shape, depth + 1);
      }
      count++;
    }
    expect(count == shape[depth]);
  }

  private static void value(JsonParser parser, JsonToken token, InferRequestParser.Values values)
      throws IOException {
    TensorDatatype datatype = values.datatype();
    switch (datatype.kind()) {
      case BOOLEAN -> {
        expect(token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE);
        values.addNumber(token == JsonToken.VALUE_TRUE ? 1 : 0);
      }
      case INTEGER -> {
        expect(
            token == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
        long value = parser.getLongValue();
        expect(datatype.holds(value));
        values.addExact(value);
      }
      case FLOATING -> {
        expect(token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT);
        double value = parser.getDoubleValue();
        expect(datatype.holds(value));
        values.addNumber(value);
      }
      case STRING -> {
        expect(token == JsonToken.VALUE_STRING);
        values.addString(parser.getText());
      }
    }
  }

  private static List<String> outputs(JsonParser parser, JsonToken value) throws IOException {
    expect(value == JsonToken.START_ARRAY);
    List<String> names = new ArrayList<>();
    JsonToken next;
    while ((next = parser.nextToken()) == JsonToken.START_OBJECT) {
      String name = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken fieldValue = parser.nextToken();
        switch (field) {
          case "name" -> name = text(parser, fieldValue, "name");
          case "parameters" -> parameters(parser, fieldValue);
          default -> parser.skipChildren();
        }
      }
      expect(name != null);
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    expect(next == JsonToken.END_ARRAY);
    return names;
  }
}
