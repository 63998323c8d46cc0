package io.driftwatch.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading one infer request body, single-threaded: the gateway's parser ({@code stream}: token by
 * token, the JSON tree only when that gives up) against the tree reading alone ({@code tree}), on
 * the demo model's one-row request and on one 64-feature row as the MLP benchmark sends it. In the
 * gateway's package because the parser is package-private. Run (after {@code mvn -B package
 * -DskipTests}) with {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main
 * InferRequestParserBenchmark}; about 1 min.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InferRequestParserBenchmark {

  @Param({"demo", "mlp"})
  String request;

  @Param({"stream", "tree"})
  String reading;

  private InferRequestParser parser;
  private byte[] body;

  @Setup
  public void prepare() {
    parser = new InferRequestParser(new ObjectMapper());
    body =
        (request.equals("demo") ? demoRequest() : featureRow(64)).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public InferRequest parse() {
    return reading.equals("stream") ? parser.parse(body) : parser.parseTree(body);
  }

  private static String demoRequest() {
    return """
        {"id": "bench", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32",\
         "data": [[0.0, 12.8, 5.0, 4.7]]}]}""";
  }

  private static String featureRow(int features) {
    Random random = new Random(1);
    String row =
        IntStream.range(0, features)
            .mapToObj(i -> String.format(Locale.ROOT, "%.4f", random.nextGaussian()))
            .collect(Collectors.joining(", "));
    return "{\"id\": \"bench\", \"inputs\": [{\"name\": \"input\", \"shape\": [1, "
        + features
        + "], \"datatype\": \"FP32\", \"data\": [["
        + row
        + "]]}]}";
  }
}
