package io.driftwatch.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.embedded.InfluxdServer;
import io.driftwatch.gateway.GatewayConfig;
import io.driftwatch.gateway.InferenceGateway;
import io.driftwatch.training.DemoModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.deployment.executors.RemoteExecutor;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar submitted as {@code flink run -d} submits it: a {@link PackagedProgram} built
 * from the jar file alone (entry point from its manifest, the job's code in a child-first user-code
 * class loader), executed against a real Flink MiniCluster over REST, configured the way the README
 * tells operators to (state backend and checkpoint directory in the cluster configuration). The
 * gateway serves the demo model and sends predictions through in-process KRaft Kafka; the job must
 * reach RUNNING, write the serving windows to a real influxd and complete checkpoints.
 *
 * <p>Like a cluster's lib/, this test's class path holds Flink but neither the job nor its
 * connectors (see this module's pom.xml). Unlike it, it also holds Kafka's and Avro's client
 * libraries (for the broker and the gateway), which the jar's child-first class loader shadows.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterJarRunsTest {

  private static final Path JAR = ClusterJar.PATH;
  private static final int REQUESTS = 30;

  @TempDir Path work;

  private EmbeddedKafka kafka;
  private InfluxdServer influxd;
  private MiniCluster flink;
  private InferenceGateway gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (flink != null) {
      flink.closeAsync().get(60, TimeUnit.SECONDS);
    }
    if (kafka != null) {
      kafka.close();
    }
    if (influxd != null) {
      influxd.close();
    }
  }

  @Test
  void submittedLikeFlinkRunTheJobRunsWritesServingWindowsAndCheckpoints() throws Exception {
    kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve("kafka")), 0);
    kafka.createTopics(2, "predictions", "alerts");
    kafka.createTopic("model-events", 1, Map.of("cleanup.policy", "compact"));
    influxd = InfluxdServer.start(Files.createDirectories(work.resolve("influxdb")), 0);
    Path checkpoints = Files.createDirectories(work.resolve("checkpoints"));
    flink = startCluster(checkpoints);

    URI rest = flink.getRestAddress().get(30, TimeUnit.SECONDS);
    Configuration client = new Configuration();
    client.set(DeploymentOptions.TARGET, RemoteExecutor.NAME);
    client.set(DeploymentOptions.ATTACHED, false);
    client.set(RestOptions.ADDRESS, rest.getHost());
    client.set(RestOptions.PORT, rest.getPort());
    client.set(CoreOptions.DEFAULT_PARALLELISM, 2);
    // What the CLI does for `flink run <jar>`: the jar ships with the job to the cluster.
    client.set(PipelineOptions.JARS, List.of(ClusterJar.url().toString()));
    PackagedProgram program =
        PackagedProgram.newBuilder()
            .setJarFile(JAR.toFile())
            .setConfiguration(client)
            .setArguments(
                "--bootstrap-servers=" + kafka.bootstrapServers(),
                "--influx-url=" + influxd.url(),
                "--starting-offsets=earliest",
                "--serving-window=1s",
                "--idle-timeout=1s",
                "--checkpoint-interval=1s")
            .build();
    assertThat(program.getMainClassName()).isEqualTo(ClusterJar.MAIN_CLASS);
    ClientUtils.executeProgram(new DefaultExecutorServiceLoader(), client, program, false, true);

    JobStatusMessage job = awaitOneRunningJob(Duration.ofSeconds(60));
    assertThat(job.getJobName()).isNotBlank();

    Path models = work.resolve("models");
    DemoModel.writeRepository(models);
    gateway =
        InferenceGateway.start(
            GatewayConfig.defaults(models, kafka.bootstrapServers()).withPort(0),
            Clock.systemUTC());
    for (int i = 0; i < REQUESTS; i++) {
      assertThat(infer(i)).isEqualTo(200);
    }

    assertThat(awaitServedRequests(REQUESTS, Duration.ofSeconds(90))).isEqualTo(REQUESTS);
    assertThat(flink.getJobStatus(job.getJobId()).get()).isEqualTo(JobStatus.RUNNING);
    assertThat(completedCheckpoints(checkpoints)).as("chk-* directories").isNotEmpty();
  }

  private static MiniCluster startCluster(Path checkpoints) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
    // As docker-compose.yml and the README configure a cluster: no code in the job for these.
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
    cluster.start();
    return cluster;
  }

  private JobStatusMessage awaitOneRunningJob(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    Collection<JobStatusMessage> jobs = List.of();
    while (Instant.now().isBefore(deadline)) {
      jobs = flink.listJobs().get(10, TimeUnit.SECONDS);
      if (jobs.size() == 1 && jobs.iterator().next().getJobState() == JobStatus.RUNNING) {
        return jobs.iterator().next();
      }
      Thread.sleep(250);
    }
    assertThat(jobs).as("jobs on the cluster").hasSize(1);
    assertThat(jobs.iterator().next().getJobState()).isEqualTo(JobStatus.RUNNING);
    return jobs.iterator().next();
  }

  private int infer(int n) throws Exception {
    String body =
        "{\"id\":\"jar-"
            + n
            + "\",\"inputs\":["
            + "{\"name\":\"precipitation\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[0.0]},"
            + "{\"name\":\"temp_max\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[12.5]},"
            + "{\"name\":\"temp_min\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[5.0]},"
            + "{\"name\":\"wind\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[3.1]}]}";
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + gateway.port()
                        + "/v2/models/"
                        + DemoModel.NAME
                        + "/infer"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private long awaitServedRequests(int expected, Duration timeout) throws InterruptedException {
    long requests = 0;
    try (InfluxDB influx = InfluxDBFactory.connect(influxd.url())) {
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && requests < expected) {
        QueryResult result =
            influx.query(new Query("SELECT sum(\"requests\") FROM \"serving\"", "driftwatch"));
        List<QueryResult.Result> results = result.getResults();
        if (results != null && results.get(0).getSeries() != null) {
          requests =
              ((Number) results.get(0).getSeries().get(0).getValues().get(0).get(1)).longValue();
        }
        Thread.sleep(500);
      }
    }
    return requests;
  }

  private static List<Path> completedCheckpoints(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .filter(p -> Files.exists(p.resolve("_metadata")))
          .toList();
    }
  }
}
