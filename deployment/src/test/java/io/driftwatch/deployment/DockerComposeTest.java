package io.driftwatch.deployment;

import static org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY;
import static org.apache.flink.configuration.CheckpointingOptions.SAVEPOINT_DIRECTORY;
import static org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as {@code docker-compose config} (Debian's docker-compose package; the test
 * suite's run-tests.sh installs it) resolves it with .env: it is valid, every image is a published,
 * pinned image or built from a Dockerfile in this repository, every host path exists in the
 * repository, every host port is unique and bound to 127.0.0.1, and the Flink services run the
 * monitoring job with arguments the job accepts. No container is started: there is no Docker engine
 * in the build.
 *
 * <p>The Dockerfile checks need no docker-compose: they read the files.
 */
class DockerComposeTest {

  private static final Path COMPOSE = Repo.ROOT.resolve("docker-compose.yml");
  private static final Path DOT_ENV = Repo.ROOT.resolve(".env");

  /** Repositories on Docker Hub the stack pulls; anything else must be built here. */
  private static final Set<String> PUBLISHED =
      Set.of("apache/kafka", "flink", "influxdb", "grafana/grafana", "eclipse-temurin");

  private static final Set<String> LONG_RUNNING =
      Set.of("kafka", "gateway", "retrainer", "jobmanager", "taskmanager", "influxdb", "grafana");

  private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
  private static final Pattern COPY =
      Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s+\\S+$");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)");

  @Test
  void dockerComposeConfigAcceptsTheFileWithItsDotEnv() throws Exception {
    JsonNode config = resolvedConfig();
    assertThat(names(config.path("services")))
        .containsExactlyInAnyOrder(
            "kafka",
            "kafka-topics",
            "gateway",
            "retrainer",
            "jobmanager",
            "taskmanager",
            "influxdb",
            "grafana");
  }

  @Test
  void everyImageIsPublishedAndPinnedOrBuiltFromADockerfileInTheRepository() throws Exception {
    JsonNode services = resolvedConfig().path("services");
    for (String name : names(services)) {
      JsonNode service = services.path(name);
      if (service.has("build")) {
        Path context = Path.of(service.path("build").path("context").asText());
        Path dockerfile = context.resolve(service.path("build").path("dockerfile").asText());
        assertThat(context).as(name + " build context").startsWith(Repo.ROOT);
        assertThat(dockerfile).as(name + " Dockerfile").isRegularFile();
        assertThat(repository(service.path("image").asText()))
            .as(name + ": a locally built image must not shadow a published one")
            .startsWith("driftwatch/");
      } else {
        String image = service.path("image").asText();
        assertThat(PUBLISHED).as(name + " image " + image).contains(repository(image));
        assertThat(tag(image)).as(name + " image tag").isNotBlank().isNotEqualTo("latest");
      }
    }
  }

  @Test
  void everyHostPortIsUniqueAndBoundToLoopback() throws Exception {
    JsonNode services = resolvedConfig().path("services");
    List<String> hostPorts = new ArrayList<>();
    for (String name : names(services)) {
      for (JsonNode port : services.path(name).path("ports")) {
        String published =
            port.isTextual()
                ? port.asText()
                : port.path("host_ip").asText() + ":" + port.path("published").asText() + ":x";
        assertThat(published).as(name + " port").startsWith("127.0.0.1:");
        hostPorts.add(published.split(":")[1]);
      }
    }
    assertThat(hostPorts).hasSize(6).doesNotHaveDuplicates();
  }

  @Test
  void everyHostPathIsInTheRepositoryAndEveryNamedVolumeIsDeclared() throws Exception {
    JsonNode config = resolvedConfig();
    Set<String> declared = new HashSet<>(names(config.path("volumes")));
    for (String name : names(config.path("services"))) {
      for (JsonNode volume : config.path("services").path(name).path("volumes")) {
        String source =
            volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
        if (source.startsWith("/")) {
          assertThat(Path.of(source)).as(name + " bind mount").startsWith(Repo.ROOT).exists();
        } else {
          assertThat(declared).as(name + " named volume").contains(source);
        }
      }
    }
  }

  @Test
  void longRunningServicesHaveHealthChecksOrDependOnOne() throws Exception {
    JsonNode services = resolvedConfig().path("services");
    for (String name : LONG_RUNNING) {
      JsonNode service = services.path(name);
      // The TaskManager has no endpoint of its own; the JobManager's check (job RUNNING) needs it.
      if (name.equals("taskmanager")) {
        assertThat(names(service.path("depends_on"))).contains("jobmanager");
      } else {
        assertThat(service.path("healthcheck").path("test")).as(name).isNotEmpty();
      }
    }
  }

  /** The settings' keys are Flink's own, so a renamed option fails here, not in production. */
  @Test
  void flinkRunsTheMonitoringJobWithArgumentsItAccepts() throws Exception {
    JsonNode services = resolvedConfig().path("services");
    List<String> command = new ArrayList<>();
    services.path("jobmanager").path("command").forEach(c -> command.add(c.asText()));
    assertThat(command).startsWith("standalone-job", "--job-classname", ClusterJar.MAIN_CLASS);
    String[] jobArgs = command.subList(3, command.size()).toArray(String[]::new);
    Object job = ClusterJar.parseJobArguments(jobArgs);
    assertThat(ClusterJar.component(job, "bootstrapServers")).isEqualTo("kafka:19092");
    assertThat(ClusterJar.component(job, "influxUrl")).isEqualTo("http://influxdb:8086");
    assertThat(ClusterJar.component(job, "alertWebhooks"))
        .isEqualTo("[http://retrainer:8095/webhook]");
    assertThat(ClusterJar.component(job, "alertWebhookSecret"))
        .as("the job signs with the secret the retrainer verifies")
        .isEqualTo(
            services.path("retrainer").path("environment").path("RETRAIN_WEBHOOK_SECRET").asText())
        .isNotBlank();

    for (String name : List.of("jobmanager", "taskmanager")) {
      String flinkConf = services.path(name).path("environment").path("FLINK_PROPERTIES").asText();
      assertThat(flinkConf)
          .as(name)
          .containsPattern(
              Pattern.quote(CoreOptions.FLINK_JVM_OPTIONS.key())
                  + ": .*--add-opens=java\\.base/java\\.util=ALL-UNNAMED"
                  + ".* -Dorg\\.apache\\.avro\\.SERIALIZABLE_PACKAGES=io\\.driftwatch")
          .containsPattern(STATE_BACKEND.key() + ": (hashmap|rocksdb)")
          .contains(CHECKPOINTS_DIRECTORY.key() + ": file:///opt/flink/checkpoints")
          .contains(SAVEPOINT_DIRECTORY.key() + ": file:///opt/flink/checkpoints/savepoints")
          .contains(JobManagerOptions.ADDRESS.key() + ": jobmanager")
          .contains(TaskManagerOptions.NUM_TASK_SLOTS.key() + ": ")
          .contains(CoreOptions.DEFAULT_PARALLELISM.key() + ": ")
          .contains(RestartStrategyOptions.RESTART_STRATEGY.key() + ": exponential-delay");
    }
  }

  @Test
  void theRetrainerWritesIntoTheModelsVolumeTheGatewayServesAndCallsTheGateway() throws Exception {
    JsonNode services = resolvedConfig().path("services");
    List<String> command = new ArrayList<>();
    services.path("retrainer").path("command").forEach(c -> command.add(c.asText()));

    assertThat(mounts(services.path("retrainer"))).containsEntry("/models", "models");
    assertThat(mounts(services.path("gateway"))).containsEntry("/models", "models");
    assertThat(String.join(" ", command))
        .contains("--bootstrap-servers kafka:19092", "--gateway-url http://gateway:8080");
    assertThat(Files.readString(Repo.ROOT.resolve("deployment/retrainer-entrypoint.sh")))
        .contains("retrain --model-repository /models --host 0.0.0.0 --port 8095");
  }

  /** Container path to source (volume name or host path) of a service's volumes. */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (JsonNode volume : service.path("volumes")) {
      if (volume.isTextual()) {
        String[] parts = volume.asText().split(":");
        mounts.put(parts[1], parts[0]);
      } else {
        mounts.put(volume.path("target").asText(), volume.path("source").asText());
      }
    }
    return mounts;
  }

  @Test
  void grafanaMountsTheProvisioningAndTheDashboardsWhereTheProviderLooks() throws Exception {
    JsonNode grafana = resolvedConfig().path("services").path("grafana");
    Map<String, String> mounts = new LinkedHashMap<>();
    for (JsonNode volume : grafana.path("volumes")) {
      String[] parts = volume.asText().split(":");
      mounts.put(parts[1], parts[0]);
    }
    String providerPath =
        yaml(Repo.ROOT.resolve("dashboards/provisioning/dashboards/driftwatch.yml"))
            .path("providers")
            .get(0)
            .path("options")
            .path("path")
            .asText();
    Path dashboards = Repo.ROOT.resolve("dashboards");
    assertThat(mounts)
        .containsEntry(providerPath, dashboards.resolve("json").toString())
        .containsEntry(
            "/etc/grafana/provisioning/datasources",
            dashboards.resolve("provisioning/datasources").toString())
        .containsEntry(
            "/etc/grafana/provisioning/dashboards",
            dashboards.resolve("provisioning/dashboards").toString());
  }

  @Test
  void everyVariableTheComposeFileUsesIsSetInDotEnv() throws IOException {
    Set<String> used = new TreeSet<>();
    Matcher m = VARIABLE.matcher(Files.readString(COMPOSE));
    while (m.find()) {
      used.add(m.group(1));
    }
    Set<String> defined = new HashSet<>();
    for (String line : Files.readAllLines(DOT_ENV)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        defined.add(line.substring(0, line.indexOf('=')).trim());
      }
    }
    assertThat(used).isNotEmpty();
    assertThat(defined).containsAll(used).contains("COMPOSE_PROJECT_NAME");
  }

  @Test
  void dockerfilesBuildFromPublishedImagesOfTheProjectsVersions() throws IOException {
    Map<String, String> froms = new LinkedHashMap<>();
    for (Path dockerfile : dockerfiles()) {
      Matcher m = FROM.matcher(Files.readString(dockerfile));
      assertThat(m.find()).as(dockerfile + " FROM").isTrue();
      froms.put(dockerfile.getFileName().toString(), m.group(1));
    }
    assertThat(froms)
        .containsEntry("gateway.Dockerfile", "eclipse-temurin:17-jre")
        .containsEntry("retrainer.Dockerfile", "eclipse-temurin:17-jre")
        .containsEntry("flink.Dockerfile", "flink:" + Repo.property("flink.version") + "-java17");
    assertThat(froms.values())
        .allSatisfy(image -> assertThat(PUBLISHED).contains(repository(image)));
    assertThat(Files.readString(COMPOSE))
        .contains("image: apache/kafka:" + Repo.property("kafka.version"));
  }

  @Test
  void everyFileTheDockerfilesCopyExistsAndIsLetThroughDockerignore() throws IOException {
    String dockerignore = Files.readString(Repo.ROOT.resolve(".dockerignore"));
    for (Path dockerfile : dockerfiles()) {
      Matcher m = COPY.matcher(Files.readString(dockerfile));
      int copies = 0;
      while (m.find()) {
        copies++;
        String source = m.group(1).replaceAll("/$", "");
        assertThat(Repo.ROOT.resolve(source))
            .as(dockerfile.getFileName() + " copies " + source + " (built by mvn -B package)")
            .exists();
        assertThat(dockerignore).contains("!" + source + "\n");
      }
      assertThat(copies).as(dockerfile.toString()).isPositive();
    }
  }

  private static List<Path> dockerfiles() throws IOException {
    try (Stream<Path> files = Files.list(Repo.ROOT.resolve("deployment"))) {
      List<Path> dockerfiles =
          files.filter(f -> f.getFileName().toString().endsWith(".Dockerfile")).sorted().toList();
      assertThat(dockerfiles).hasSize(3);
      return dockerfiles;
    }
  }

  private static JsonNode resolved;

  /**
   * {@code docker-compose config} output, parsed once per run; skips when the binary is not
   * installed.
   */
  private static synchronized JsonNode resolvedConfig() throws Exception {
    if (resolved == null) {
      resolved = runDockerComposeConfig();
    }
    return resolved;
  }

  private static JsonNode runDockerComposeConfig() throws Exception {
    Path binary = onPath("docker-compose");
    assumeThat(binary)
        .as("docker-compose on PATH (run-tests.sh installs Debian's docker-compose)")
        .isNotNull();
    Path out = Files.createTempFile("compose-config", ".yml");
    Path err = Files.createTempFile("compose-config", ".err");
    try {
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--project-directory",
                  Repo.ROOT.toString(),
                  "-f",
                  COMPOSE.toString(),
                  "config")
              .directory(Repo.ROOT.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS))
          .as("docker-compose config finished")
          .isTrue();
      assertThat(process.exitValue())
          .as("docker-compose config: %s", Files.readString(err, StandardCharsets.UTF_8))
          .isZero();
      return yaml(out);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static JsonNode yaml(Path file) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String repository(String image) {
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
  }

  private static String tag(String image) {
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "";
  }
}
