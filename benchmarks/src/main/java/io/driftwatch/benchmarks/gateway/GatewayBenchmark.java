package io.driftwatch.benchmarks.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.gateway.BatchingConfig;
import io.driftwatch.gateway.Device;
import io.driftwatch.gateway.GatewayConfig;
import io.driftwatch.gateway.GatewayOperations;
import io.driftwatch.gateway.GraphOptimization;
import io.driftwatch.gateway.InferenceGateway;
import io.driftwatch.gateway.SessionSettings;
import io.driftwatch.training.DemoModel;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load on the inference gateway, perf_analyzer style, measured side by side in one run: closed-loop
 * clients ({@link ClosedLoopLoad}) at a concurrency sweep, each point a warm-up and then a fixed
 * measurement window, reporting throughput and client-side p50/p95/p99. Targets, one server at a
 * time on 127.0.0.1, all in this JVM (so clients and server share the machine's cores):
 *
 * <ol>
 *   <li><b>echo</b>: {@link EchoServer}, the gateway's Javalin/Jetty stack answering the demo
 *       model's recorded answer without inference;
 *   <li><b>demo, log off</b>: the gateway serving {@link DemoModel} with {@code
 *       --no-prediction-log};
 *   <li><b>demo, log on</b>: the same with the prediction log to a real in-process KRaft broker;
 *   <li><b>mlp, batching off / on</b>: the gateway serving {@link MlpModel} (64→512→512→2), log
 *       off, without and with dynamic batching, at {@code --mlp-concurrency}.
 * </ol>
 *
 * Every request carries one row. All servers run for the whole benchmark and the targets of one
 * concurrency are measured back to back, each round starting with the next target so that none is
 * always first. The sweep runs {@code --rounds} times. Prints a Markdown table of every point's
 * best round, then each ratio the README reports with its goal as the median of the ratio taken
 * within each round and its range ({@link PairedRatio}). Run (after {@code mvn -B package
 * -DskipTests}) with {@code java -cp benchmarks/target/benchmarks.jar
 * io.driftwatch.benchmarks.gateway.GatewayBenchmark}; about 10 min with the defaults.
 */
@Command(
    name = "gateway-benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Gateway throughput and latency vs an echo endpoint, log on/off, batching on/off.")
public final class GatewayBenchmark implements Callable<Integer> {

  private static final String ECHO = "echo (no inference)";
  private static final String LOG_OFF = "gateway demo, log off";
  private static final String LOG_ON = "gateway demo, log on";
  private static final String MLP_OFF = "gateway mlp, batching off";
  private static final String MLP_ON = "gateway mlp, batching on";

  /** Share of CPU time spent compiling below which the warm-up ends. */
  private static final double SETTLED_JIT_SHARE = 0.03;

  /**
   * Clients of each warm-up pass, in turn. The compiler threads get a core's share like any other
   * thread: among 130 busy threads at concurrency 64 they got ~9% of the CPU, and the gateway with
   * the log on still ran 5x slower after a minute; with 2 clients they get a third and it reaches
   * full speed within 30 s. Then 16 clients compile the paths only contention takes (a first window
   * at 16 after 40 s at 2 still spent 15% of its CPU compiling).
   */
  private static final List<Integer> WARM_UP_CONCURRENCY = List.of(2, 16);

  @Option(
      names = "--concurrency",
      split = ",",
      defaultValue = "1,4,16,64",
      description = "Concurrency sweep for echo and demo (${DEFAULT-VALUE}).")
  List<Integer> concurrency;

  @Option(
      names = "--mlp-concurrency",
      defaultValue = "64",
      description = "Concurrency of the MLP batching comparison (${DEFAULT-VALUE}).")
  int mlpConcurrency;

  @Option(
      names = "--warm-up",
      defaultValue = "2",
      description = "Seconds of load before each window (${DEFAULT-VALUE}).")
  int warmUpSeconds;

  @Option(
      names = "--window",
      defaultValue = "4",
      description = "Seconds of each measurement window (${DEFAULT-VALUE}).")
  int windowSeconds;

  @Option(
      names = "--max-batch-size",
      defaultValue = "64",
      description = "Gateway --max-batch-size of the batching-on run (${DEFAULT-VALUE}).")
  int maxBatchSize;

  @Option(
      names = "--max-queue-delay-us",
      defaultValue = "0",
      description = "Gateway --max-queue-delay-us of the batching-on run (${DEFAULT-VALUE}).")
  long maxQueueDelayMicros;

  @Option(
      names = "--jit-warm-up",
      defaultValue = "4",
      description =
          "Seconds of unreported load on each target per warm-up pass, at 2 and again at 16"
              + " clients (${DEFAULT-VALUE}).")
  int jitWarmUpSeconds;

  @Option(
      names = "--max-warm-up-passes",
      defaultValue = "8",
      description =
          "Warm-up passes over every target at most, until one compiles for under 3%% of its CPU"
              + " time (${DEFAULT-VALUE}).")
  int maxWarmUpPasses;

  @Option(
      names = "--rounds",
      // This VM's speed moves within minutes: one run's ratio ranged 0.63-0.96 over 3 rounds.
      defaultValue = "5",
      description =
          "Rounds of the whole sweep; ratios report their median round (${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "0",
      description =
          "Gateway --intra-op-threads of every gateway; 0 = ONNX Runtime's default (${DEFAULT-VALUE}).")
  int intraOpThreads;

  @Option(
      names = "--parts",
      split = ",",
      defaultValue = "demo,mlp",
      description =
          "What to measure: demo (echo, log off, log on), mlp (batching) (${DEFAULT-VALUE}).")
  List<String> parts;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream out = System.out;

  /** CPU time so far of the in-process broker's threads, ns; set once the broker runs. */
  private LongSupplier brokerCpuNanos = () -> 0;

  public static void main(String[] args) {
    System.exit(new CommandLine(new GatewayBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (maxWarmUpPasses < 1 || rounds < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--max-warm-up-passes and --rounds must be >= 1");
    }
    Path work = Files.createTempDirectory("driftwatch-gateway-benchmark");
    Path repository = work.resolve("models");
    DemoModel.writeRepository(repository);
    MlpModel.writeRepository(repository, 42);
    String demoPath = "/v2/models/" + DemoModel.NAME + "/infer";
    String mlpPath = "/v2/models/" + MlpModel.NAME + "/infer";
    byte[] demoBody = demoRequest();
    byte[] mlpBody = mlpRequest();
    List<List<LoadPoint>> byRound = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0)) {
      kafka.createTopics(1, "predictions", "labels", "model-events");
      brokerCpuNanos = () -> ThreadGroupCpu.cpuNanos(kafka.threads());
      GatewayConfig base =
          GatewayConfig.defaults(repository, kafka.bootstrapServers())
              .withPort(0)
              .withDevice(Device.CPU);
      BatchingConfig batching =
          new BatchingConfig(
              maxBatchSize, maxQueueDelayMicros, BatchingConfig.DEFAULT_MAX_QUEUE_SIZE);
      // Every server runs for the whole benchmark (idle ones cost nothing but a 100 ms poll) so
      // that the targets of one concurrency are measured one right after the other.
      try (InferenceGateway logOff = start(base.withPredictionLog(false));
          InferenceGateway logOn = start(base);
          InferenceGateway batched = start(base.withPredictionLog(false).withBatching(batching));
          EchoServer echo = EchoServer.start(answer(logOff.port(), demoPath, demoBody))) {
        List<Target> targets = new ArrayList<>();
        if (parts.contains("demo")) {
          targets.add(new Target(ECHO, echo.port(), demoPath, demoBody, concurrency));
          targets.add(new Target(LOG_OFF, logOff.port(), demoPath, demoBody, concurrency));
          targets.add(new Target(LOG_ON, logOn.port(), demoPath, demoBody, concurrency));
        }
        if (parts.contains("mlp")) {
          List<Integer> mlp = List.of(mlpConcurrency);
          targets.add(new Target(MLP_OFF, logOff.port(), mlpPath, mlpBody, mlp));
          targets.add(new Target(MLP_ON, batched.port(), mlpPath, mlpBody, mlp));
        }
        warmUp(targets);
        for (int round = 0; round < rounds; round++) {
          out.printf("round %d of %d%n", round + 1, rounds);
          List<LoadPoint> points = new ArrayList<>();
          for (int clients : allConcurrencies(targets)) {
            int at = clients;
            List<Target> here = targets.stream().filter(t -> t.concurrency().contains(at)).toList();
            for (int i = 0; i < here.size(); i++) {
              Target target = here.get((i + round) % here.size());
              points.add(load(target.port(), target.name(), target.path(), target.body(), clients));
            }
          }
          byRound.add(points);
        }
        if (parts.contains("mlp")) {
          out.printf(
              Locale.ROOT,
              "mean rows per model call with batching: %.1f%n",
              meanBatchRows(batched.port()));
        }
      }
    }
    report(byRound);
    return 0;
  }

  /** One server and request to load at the given concurrencies. */
  private record Target(
      String name, int port, String path, byte[] body, List<Integer> concurrency) {}

  private static List<Integer> allConcurrencies(List<Target> targets) {
    return targets.stream().flatMap(t -> t.concurrency().stream()).distinct().sorted().toList();
  }

  private InferenceGateway start(GatewayConfig config) throws Exception {
    return InferenceGateway.start(
        config,
        GatewayOperations.DEFAULTS.withSessions(
            new SessionSettings(intraOpThreads, 0, GraphOptimization.ALL)),
        Clock.systemUTC());
  }

  private LoadPoint load(int port, String target, String path, byte[] body, int clients)
      throws InterruptedException {
    LoadPoint point =
        new ClosedLoopLoad(
                "127.0.0.1",
                port,
                Duration.ofSeconds(warmUpSeconds),
                Duration.ofSeconds(windowSeconds),
                brokerCpuNanos)
            .run(target, path, body, clients);
    out.printf(
        Locale.ROOT,
        "%-28s c=%-3d %9.0f req/s  p50 %.3f ms  p99 %.3f ms  CPU %.1f µs/req (broker %.1f)"
            + "  %.2f cores  JIT %.1f%%  errors %d%n",
        target,
        clients,
        point.throughput(),
        point.latencyMillis(50),
        point.latencyMillis(99),
        point.cpuMicrosPerRequest(),
        point.brokerMicrosPerRequest(),
        point.busyCores(),
        point.jitShare() * 100,
        point.errors());
    return point;
  }

  /**
   * The first requests pay for JIT compilation of Jetty, Jackson, the gateway, the producer, the
   * broker and the batcher: loads every target in turn, unreported, until a pass spends under
   * {@value #SETTLED_JIT_SHARE} of its CPU time compiling, or {@code --max-warm-up-passes} passes.
   */
  private void warmUp(List<Target> targets) throws InterruptedException {
    for (int pass = 1; pass <= maxWarmUpPasses; pass++) {
      ClosedLoopLoad.Usage start = ClosedLoopLoad.Usage.now();
      for (Target target : targets) {
        for (int clients : WARM_UP_CONCURRENCY) {
          new ClosedLoopLoad(
                  "127.0.0.1",
                  target.port(),
                  Duration.ofSeconds(jitWarmUpSeconds),
                  Duration.ofMillis(1),
                  () -> 0)
              .run("JIT warm-up", target.path(), target.body(), clients);
        }
      }
      ClosedLoopLoad.Usage end = ClosedLoopLoad.Usage.now();
      double share =
          ClosedLoopLoad.Usage.compilerSeconds(start, end)
              * 1e9
              / (end.cpuNanos() - start.cpuNanos());
      if (Double.isNaN(share)) {
        out.println("warm-up: one pass (the compilers' CPU time cannot be read here)");
        return;
      }
      out.printf(Locale.ROOT, "warm-up pass %d: %.1f%% of CPU time compiling%n", pass, share * 100);
      if (share < SETTLED_JIT_SHARE) {
        return;
      }
    }
    out.printf(
        Locale.ROOT,
        "warm-up: still compiling after %d passes; the first points may be slower%n",
        maxWarmUpPasses);
  }

  /** Mean of {@code gateway.inference.execution.rows} from the gateway's Prometheus text. */
  private static double meanBatchRows(int port) throws Exception {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    double count = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("gateway_inference_execution_rows_sum{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("gateway_inference_execution_rows_count{")) {
        count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** One rainy Seattle day, as the README's curl example sends it. */
  private static byte[] demoRequest() {
    return """
        {"id": "bench", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32",\
         "data": [[0.0, 12.8, 5.0, 4.7]]}]}"""
        .getBytes(StandardCharsets.UTF_8);
  }

  /** One row of 64 seeded N(0, 1) values. */
  private static byte[] mlpRequest() {
    Random random = new Random(1);
    String row =
        IntStream.range(0, MlpModel.INPUTS)
            .mapToObj(i -> String.format(Locale.ROOT, "%.4f", random.nextGaussian()))
            .collect(Collectors.joining(", "));
    return ("{\"id\": \"bench\", \"inputs\": [{\"name\": \"input\", \"shape\": [1, "
            + MlpModel.INPUTS
            + "], \"datatype\": \"FP32\", \"data\": [["
            + row
            + "]]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode answer(int port, String path, byte[] body) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the gateway answered " + response.body());
    }
    return new ObjectMapper().readTree(response.body());
  }

  private void report(List<List<LoadPoint>> byRound) {
    List<LoadPoint> points = bestRounds(byRound.stream().flatMap(List::stream).toList());
    out.println();
    out.printf("Best of %d rounds per point:%n%n", rounds);
    out.println(
        "| target | concurrency | req/s | p50 ms | p95 ms | p99 ms | CPU µs/req | of which broker"
            + " | cores busy | JIT % | errors |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (LoadPoint p : points) {
      out.printf(
          Locale.ROOT,
          "| %s | %d | %.0f | %.3f | %.3f | %.3f | %.1f | %.1f | %.2f | %.1f | %d |%n",
          p.target(),
          p.concurrency(),
          p.throughput(),
          p.latencyMillis(50),
          p.latencyMillis(95),
          p.latencyMillis(99),
          p.cpuMicrosPerRequest(),
          p.brokerMicrosPerRequest(),
          p.busyCores(),
          p.jitShare() * 100,
          p.errors());
    }
    out.printf("%nRatios within each round, median (range) of %d rounds:%n%n", rounds);
    out.println("| ratio | goal | median | range | |");
    out.println("|---|---|---|---|---|");
    for (int clients : concurrency) {
      ratio(byRound, "gateway (log off) / echo throughput", LOG_OFF, ECHO, clients, 0.8);
    }
    for (int clients : concurrency) {
      // What the throughput ratio would be if both kept the cores equally busy: the cost ratio.
      costRatio(
          byRound,
          "echo / gateway (log off) CPU per request",
          ECHO,
          LOG_OFF,
          clients,
          LoadPoint::cpuMicrosPerRequest);
    }
    for (int clients : concurrency) {
      ratio(byRound, "gateway (log on) / echo throughput", LOG_ON, ECHO, clients, 0.8);
    }
    for (int clients : concurrency) {
      ratio(byRound, "log on / log off throughput", LOG_ON, LOG_OFF, clients, 0.9);
    }
    for (int clients : concurrency) {
      // The broker shares these cores; in a deployment it runs on other machines.
      costRatio(
          byRound,
          "log off / log on CPU per request, the broker's left out",
          LOG_OFF,
          LOG_ON,
          clients,
          LoadPoint::cpuMicrosPerRequestWithoutBroker);
    }
    ratio(byRound, "mlp batching on / off throughput", MLP_ON, MLP_OFF, mlpConcurrency, 3.0);
    LoadPoint.find(points, LOG_ON, 1)
        .ifPresent(
            p ->
                out.printf(
                    Locale.ROOT,
                    "| demo p99 at concurrency 1, log on (best round) | < 1 ms | %.3f ms | | %s |%n",
                    p.latencyMillis(99),
                    p.latencyMillis(99) < 1 ? "met" : "**not met**"));
  }

  /** Per target and concurrency, the round with the highest throughput, in first-seen order. */
  private static List<LoadPoint> bestRounds(List<LoadPoint> all) {
    Map<String, LoadPoint> best = new LinkedHashMap<>();
    for (LoadPoint point : all) {
      best.merge(
          point.target() + "@" + point.concurrency(),
          point,
          (a, b) -> a.throughput() >= b.throughput() ? a : b);
    }
    List<LoadPoint> ordered = new ArrayList<>(best.values());
    ordered.sort(
        java.util.Comparator.comparing(LoadPoint::target, GatewayBenchmark::targetOrder)
            .thenComparingInt(LoadPoint::concurrency));
    return ordered;
  }

  private static int targetOrder(String a, String b) {
    List<String> order = List.of(ECHO, LOG_OFF, LOG_ON, MLP_OFF, MLP_ON);
    return Integer.compare(order.indexOf(a), order.indexOf(b));
  }

  /** A ratio of costs, reported without a goal: it explains a throughput ratio. */
  private void costRatio(
      List<List<LoadPoint>> byRound,
      String name,
      String numerator,
      String denominator,
      int clients,
      ToDoubleFunction<LoadPoint> cost) {
    PairedRatio.of(byRound, numerator, denominator, clients, cost)
        .ifPresent(ratio -> printRatio(name, clients, ratio, "", ""));
  }

  private void ratio(
      List<List<LoadPoint>> byRound,
      String name,
      String numerator,
      String denominator,
      int clients,
      double goal) {
    PairedRatio.of(byRound, numerator, denominator, clients)
        .ifPresent(
            ratio ->
                printRatio(
                    name,
                    clients,
                    ratio,
                    String.format(Locale.ROOT, "≥ %.1f", goal),
                    ratio.median() >= goal ? "met" : "**not met**"));
  }

  /** One row of the ratio table. */
  private void printRatio(String name, int clients, PairedRatio ratio, String goal, String result) {
    out.printf(
        Locale.ROOT,
        "| %s, concurrency %d | %s | %.2f | %.2f–%.2f | %s |%n",
        name,
        clients,
        goal,
        ratio.median(),
        ratio.min(),
        ratio.max(),
        result);
  }
}
