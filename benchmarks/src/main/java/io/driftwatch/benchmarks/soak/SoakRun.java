package io.driftwatch.benchmarks.soak;

import com.sun.management.UnixOperatingSystemMXBean;
import io.driftwatch.local.LocalStack;
import io.driftwatch.local.LocalStackConfig;
import io.driftwatch.training.WeatherDataset;
import io.driftwatch.training.WeatherObservation;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Soak run of the whole local stack (in-process Kafka, real influxd, gateway on ONNX Runtime,
 * monitoring job on a MiniCluster, all in this JVM but influxd): steady infer traffic at {@code
 * --rate} requests/s from {@code --clients} closed-loop client threads (a slow gateway lowers the
 * rate rather than piling up requests), half of them labeled 5 s later, for {@code --duration}.
 * Every {@code --sample-every} it prints one row: requests answered, client p99 of that interval,
 * heap in use after a full GC, live threads, open file descriptors of this JVM, and the monitoring
 * job's Kafka lag (end offsets minus the offsets its consumer groups committed at their last
 * checkpoint) on {@code predictions} and {@code labels}. Flat columns mean no leak.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = "Steady load through the whole local stack; prints resource use over time.")
public final class SoakRun implements Callable<Integer> {

  @Option(names = "--duration", defaultValue = "10m", description = "Length of the run.")
  String duration;

  @Option(names = "--rate", defaultValue = "200", description = "Infer requests per second.")
  int rate;

  @Option(
      names = "--clients",
      defaultValue = "4",
      description = "Client threads, each sending one request at a time (closed loop).")
  int clientThreads;

  @Option(names = "--sample-every", defaultValue = "30s", description = "Row interval.")
  String sampleEvery;

  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ConcurrentLinkedQueue<Long> latenciesNanos = new ConcurrentLinkedQueue<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new SoakRun()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Duration total = Duration.parse("PT" + duration.toUpperCase(Locale.ROOT));
    Duration sample = Duration.parse("PT" + sampleEvery.toUpperCase(Locale.ROOT));
    Path work = Files.createTempDirectory("driftwatch-soak");
    List<WeatherObservation> days = WeatherDataset.bundled().seattle();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    try (LocalStack stack =
        LocalStack.start(
            LocalStackConfig.ephemeral(work, Duration.ofSeconds(10)), Clock.systemUTC())) {
      URI infer = URI.create(stack.gatewayUrl() + "/v2/models/seattle-weather/infer");
      URI feedback = URI.create(stack.gatewayUrl() + "/v1/feedback");
      AtomicLong sequence = new AtomicLong();
      ExecutorService clients = Executors.newFixedThreadPool(clientThreads);
      long paceNanos = TimeUnit.SECONDS.toNanos(1) * clientThreads / rate;
      for (int c = 0; c < clientThreads; c++) {
        clients.execute(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                long start = System.nanoTime();
                send(http, infer, feedback, scheduler, days, sequence.getAndIncrement());
                long rest = paceNanos - (System.nanoTime() - start);
                if (rest > 0) {
                  LockSupport.parkNanos(rest);
                }
              }
            });
      }
      System.out.printf(
          Locale.ROOT,
          "%8s %10s %8s %9s %14s %8s %6s %10s %10s%n",
          "t",
          "answered",
          "failed",
          "p99 ms",
          "live heap MiB",
          "threads",
          "fds",
          "lag pred",
          "lag labels");
      long started = System.nanoTime();
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
        while (System.nanoTime() - started < total.toNanos()) {
          Thread.sleep(sample.toMillis());
          printRow(Duration.ofNanos(System.nanoTime() - started), admin);
        }
      }
      clients.shutdownNow();
      scheduler.shutdownNow();
      clients.awaitTermination(10, TimeUnit.SECONDS);
      System.out.println("job status at the end: " + stack.jobStatus());
    }
    return 0;
  }

  private void send(
      HttpClient http,
      URI infer,
      URI feedback,
      ScheduledExecutorService scheduler,
      List<WeatherObservation> days,
      long n) {
    WeatherObservation day = days.get((int) (n % days.size()));
    String id = "soak-" + n;
    long start = System.nanoTime();
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(infer)
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body(id, day)))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        failed.incrementAndGet();
        return;
      }
    } catch (java.io.IOException e) {
      failed.incrementAndGet();
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    latenciesNanos.add(System.nanoTime() - start);
    answered.incrementAndGet();
    if (n % 2 == 0) {
      scheduler.schedule(() -> label(http, feedback, id, day.weather()), 5, TimeUnit.SECONDS);
    }
  }

  private void label(HttpClient http, URI feedback, String id, String weather) {
    http.sendAsync(
        HttpRequest.newBuilder(feedback)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"id\":\"" + id + "\",\"label\":\"" + weather + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static String body(String id, WeatherObservation row) {
    return String.format(
        Locale.ROOT,
        "{\"id\":\"%s\",\"inputs\":["
            + "{\"name\":\"precipitation\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]},"
            + "{\"name\":\"temp_max\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]},"
            + "{\"name\":\"temp_min\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]},"
            + "{\"name\":\"wind\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[%s]}]}",
        id,
        row.precipitation(),
        row.tempMax(),
        row.tempMin(),
        row.wind());
  }

  private void printRow(Duration elapsed, Admin admin) throws Exception {
    KllDoublesSketch latencies = KllDoublesSketch.newHeapInstance();
    Long nanos;
    while ((nanos = latenciesNanos.poll()) != null) {
      latencies.update(nanos / 1e6);
    }
    System.out.printf(
        Locale.ROOT,
        "%7ds %10d %8d %9.2f %14.1f %8d %6d %10d %10d%n",
        elapsed.toSeconds(),
        answered.get(),
        failed.get(),
        latencies.isEmpty() ? Double.NaN : latencies.getQuantile(0.99),
        liveHeapBytes() / 1048576.0,
        ManagementFactory.getThreadMXBean().getThreadCount(),
        openFileDescriptors(),
        lag(admin, "predictions"),
        lag(admin, "labels"));
  }

  /**
   * Live heap: heap in use right after a full collection this harness requests. One full GC per row
   * distorts latency a little; it is the only reading a growing old generation cannot fake.
   */
  private static long liveHeapBytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long openFileDescriptors() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
        ? unix.getOpenFileDescriptorCount()
        : -1;
  }

  /** End offsets minus the committed offsets of every consumer group reading {@code topic}. */
  private static long lag(Admin admin, String topic) throws Exception {
    Collection<GroupListing> groups = admin.listGroups().all().get();
    long lag = 0;
    for (GroupListing group : groups) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
      Set<TopicPartition> partitions =
          committed.keySet().stream()
              .filter(p -> p.topic().equals(topic))
              .collect(Collectors.toSet());
      if (partitions.isEmpty()) {
        continue;
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin
              .listOffsets(
                  partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get();
      for (TopicPartition p : partitions) {
        lag += ends.get(p).offset() - committed.get(p).offset();
      }
    }
    return lag;
  }
}
