package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.gateway.RequestFuzzer.FuzzRequest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token-by-token reading against the tree reading it stands in for: on valid requests of every
 * datatype, shape and field order it must give the very request the tree reading gives, or give up;
 * on anything the tree reading refuses it must give up.
 */
class InferRequestStreamTest {

  private static final int VALID_REQUESTS = 3_000;
  private static final int FUZZED_REQUESTS = 3_000;

  private final InferRequestParser parser = new InferRequestParser(new ObjectMapper());
  private final InferRequestStream stream =
      new InferRequestStream(InferRequestParser.strict(new ObjectMapper()).getFactory());

  private Optional<InferRequest> streamed(String body) {
    return stream.read(body.getBytes(StandardCharsets.UTF_8));
  }

  private InferRequest tree(String body) {
    return parser.parseTree(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheREADMERequestAsTheTreeReadingDoes() {
    String body =
        """
        {"id": "rainy-1", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32",\
         "data": [[0.0, 12.8, 5.0, 4.7]]}], "outputs": [{"name": "label"}]}""";

    assertThat(streamed(body)).contains(tree(body));
  }

  @Test
  void readsEveryGeneratedValidRequestAsTheTreeReadingDoesAndGivesUpOnlyWhereItShould() {
    Random random = new Random(7);
    int read = 0;
    for (int i = 0; i < VALID_REQUESTS; i++) {
      Generated generated = new Generator(random).request();
      InferRequest expected = tree(generated.body());

      Optional<InferRequest> actual = streamed(generated.body());

      assertThat(actual.isPresent())
          .as("request %d read token by token: %s", i, generated.body())
          .isEqualTo(generated.streamable());
      if (actual.isPresent()) {
        assertThat(actual.get()).as("request %d: %s", i, generated.body()).isEqualTo(expected);
        read++;
      }
    }
    assertThat(read).isGreaterThan(VALID_REQUESTS / 2);
  }

  @Test
  void givesUpOnEveryFuzzedBodyTheTreeReadingRefuses(@TempDir Path work) throws Exception {
    int refused = 0;
    try (DemoGateway gateway = DemoGateway.start(work)) {
      for (int i = 0; i < FUZZED_REQUESTS; i++) {
        FuzzRequest request = RequestFuzzer.request(11, i, gateway);
        if (request.body() == null) {
          continue;
        }
        InferRequest expected;
        try {
          expected = parser.parseTree(request.body());
        } catch (GatewayException e) {
          refused++;
          assertThat(stream.read(request.body())).as(request.description()).isEmpty();
          continue;
        }
        stream
            .read(request.body())
            .ifPresent(actual -> assertThat(actual).as(request.description()).isEqualTo(expected));
      }
    }
    assertThat(refused).isGreaterThan(FUZZED_REQUESTS / 2);
  }

  @Test
  void givesUpWhereTheTreeReadingRefusesWhatTheStreamSkips() {
    String valid =
        "\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]";
    List<String> refused =
        List.of(
            "{" + valid + ", \"extra\": " + "9".repeat(2_000) + "}",
            "{" + valid + ", \"parameters\": {\"a\": 1, \"a\": 2}}",
            "{" + valid + ", \"extra\": " + "[".repeat(1_500) + "]".repeat(1_500) + "}",
            "{" + valid + "} []",
            "{" + valid + ", \"id\": 7}",
            "{" + valid + ", \"outputs\": [{\"name\": \"y\"}, 3]}");
    for (String body : refused) {
      assertThatThrownBy(() -> tree(body)).isInstanceOf(GatewayException.class);
      assertThat(streamed(body)).as(body).isEmpty();
    }
  }

  /** A generated body and whether the token-by-token reading is meant to read it. */
  private record Generated(String body, boolean streamable) {}

  /** Valid requests: every datatype, flat and nested data, fields in any order, extras. */
  private static final class Generator {
    private final Random random;
    private boolean streamable = true;

    Generator(Random random) {
      this.random = random;
    }

    Generated request() {
      List<String> fields = new ArrayList<>();
      int inputs = 1 + random.nextInt(3);
      fields.add(
          "\"inputs\": "
              + IntStream.range(0, inputs)
                  .mapToObj(i -> input("in" + i))
                  .collect(Collectors.joining(", ", "[", "]")));
      switch (random.nextInt(3)) {
        case 0 -> fields.add("\"id\": \"req-" + random.nextInt(100) + "\"");
        case 1 -> fields.add("\"id\": null");
        default -> {}
      }
      if (random.nextBoolean()) {
        fields.add(
            "\"outputs\": [{\"name\": \"b\"}, {\"name\": \"a\", \"parameters\": {}}, {\"name\": \"b\"}]");
      }
      if (random.nextBoolean()) {
        fields.add("\"parameters\": {\"priority\": 1, \"nested\": {\"list\": [1, [2], {}]}}");
      }
      if (random.nextBoolean()) {
        fields.add("\"unknown\": [true, null, {\"k\": \"v\"}]");
      }
      Collections.shuffle(fields, random);
      return new Generated(String.join(", ", fields).transform(f -> "{" + f + "}"), streamable);
    }

    private String input(String name) {
      TensorDatatype datatype =
          TensorDatatype.values()[random.nextInt(TensorDatatype.values().length)];
      long[] shape = new long[1 + random.nextInt(3)];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = random.nextInt(4);
      }
      int count = 1;
      for (long dim : shape) {
        count *= (int) dim;
      }
      List<String> values = new ArrayList<>();
      for (int v = 0; v < count; v++) {
        values.add(value(datatype));
      }
      String data = random.nextBoolean() ? flat(values) : nested(values, shape, 0, new int[1]);
      List<String> fields = new ArrayList<>();
      fields.add("\"name\": \"" + name + "\"");
      fields.add(
          "\"shape\": "
              + java.util.Arrays.stream(shape)
                  .mapToObj(Long::toString)
                  .collect(Collectors.joining(", ", "[", "]")));
      fields.add("\"datatype\": \"" + datatype + "\"");
      fields.add("\"data\": " + data);
      if (random.nextBoolean()) {
        fields.add("\"parameters\": " + (random.nextBoolean() ? "null" : "{\"binary\": false}"));
      }
      if (random.nextInt(4) == 0) {
        // Clients may send the fields in any order; most send them as the protocol lists them.
        Collections.shuffle(fields, random);
      }
      int data0 = indexOf(fields, "\"data\"");
      if (data0 < indexOf(fields, "\"shape\"") || data0 < indexOf(fields, "\"datatype\"")) {
        streamable = false;
      }
      return String.join(", ", fields).transform(f -> "{" + f + "}");
    }

    private static int indexOf(List<String> fields, String prefix) {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).startsWith(prefix)) {
          return i;
        }
      }
      throw new IllegalArgumentException(prefix);
    }

    private String value(TensorDatatype datatype) {
      return switch (datatype.kind()) {
        case BOOLEAN -> Boolean.toString(random.nextBoolean());
        case STRING -> "\"s" + random.nextInt(1000) + "\\u00e9\"";
        case FLOATING -> {
          double limit = datatype == TensorDatatype.FP16 ? 65_504 : 1e30;
          yield switch (random.nextInt(4)) {
            case 0 -> Integer.toString(random.nextInt(2001) - 1000);
            case 1 -> String.format(Locale.ROOT, "%.17g", (random.nextDouble() * 2 - 1) * limit);
            case 2 -> Double.toString(random.nextGaussian());
            default -> "-0.0";
          };
        }
        case INTEGER -> integer(datatype);
      };
    }

    private String integer(TensorDatatype datatype) {
      BigInteger value =
          switch (datatype) {
            case UINT8 -> BigInteger.valueOf(random.nextInt(256));
            case INT8 -> BigInteger.valueOf(random.nextInt(256) - 128);
            case UINT16 -> BigInteger.valueOf(random.nextInt(65_536));
            case INT16 -> BigInteger.valueOf(random.nextInt(65_536) - 32_768);
            case INT32 -> BigInteger.valueOf(random.nextInt());
            case UINT32 -> BigInteger.valueOf(random.nextInt() & 0xffffffffL);
            case INT64 -> BigInteger.valueOf(random.nextLong());
            default -> new BigInteger(64, random);
          };
      if (value.bitLength() > 63) {
        // Beyond a long: left to the tree reading.
        streamable = false;
      }
      if (random.nextInt(20) == 0 && value.bitLength() < 53) {
        // 3.0 is an integer to the protocol, but the token-by-token reading leaves it to the tree.
        streamable = false;
        return value + ".0";
      }
      return value.toString();
    }

    private static String flat(List<String> values) {
      return String.join(", ", values).transform(v -> "[" + v + "]");
    }

    private static String nested(List<String> values, long[] shape, int depth, int[] next) {
      List<String> elements = new ArrayList<>();
      for (int i = 0; i < shape[depth]; i++) {
        elements.add(
            depth == shape.length - 1
                ? values.get(next[0]++)
                : nested(values, shape, depth + 1, next));
      }
      return String.join(", ", elements).transform(e -> "[" + e + "]");
    }
  }
}
