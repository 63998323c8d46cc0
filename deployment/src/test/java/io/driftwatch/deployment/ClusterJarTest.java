package io.driftwatch.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitoring job's cluster jar (flink-jobs/target/driftwatch-monitor.jar, written by the
 * maven-shade-plugin when flink-jobs is packaged): runnable with {@code flink run}, with its
 * connectors and the statistics core inside and Flink itself left to the cluster.
 */
class ClusterJarTest {

  private static final Path JAR = ClusterJar.PATH;

  private static List<String> entries;
  private static String mainClass;

  @BeforeAll
  static void open() throws IOException {
    assertThat(JAR)
        .as("the cluster jar; build it with mvn -B package -DskipTests (from the root)")
        .isRegularFile();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      entries = jar.stream().map(ZipEntry::getName).toList();
      mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
    }
  }

  @Test
  void mainClassIsTheMonitoringJob() {
    assertThat(mainClass).isEqualTo(ClusterJar.MAIN_CLASS);
    assertThat(entries).contains("io/driftwatch/flink/MonitoringJob.class");
  }

  @Test
  void bundlesTheJobsCodeConnectorsAndLibraries() {
    assertThat(entries)
        .contains(
            "io/driftwatch/flink/MonitorConfig.class",
            "io/driftwatch/schemas/PredictionEvent.class",
            "io/driftwatch/schemas/ModelEvent.class",
            "org/apache/flink/connector/kafka/source/KafkaSource.class",
            "org/apache/flink/connector/base/source/reader/SourceReaderBase.class",
            "org/apache/kafka/clients/consumer/KafkaConsumer.class",
            "org/apache/avro/Schema.class",
            "org/influxdb/InfluxDB.class",
            "org/apache/datasketches/kll/KllDoublesSketch.class",
            "org/apache/commons/math3/distribution/ChiSquaredDistribution.class");
  }

  @Test
  void leavesFlinkAndTheLoggingBackendToTheCluster() {
    assertThat(entries)
        .filteredOn(
            e ->
                e.startsWith("org/apache/flink/runtime/")
                    || e.startsWith("org/apache/flink/api/")
                    || e.startsWith("org/apache/flink/configuration/")
                    || e.startsWith("org/apache/flink/streaming/api/")
                    || e.startsWith("org/apache/flink/client/")
                    || e.startsWith("org/apache/flink/shaded/")
                    || e.startsWith("org/slf4j/")
                    || e.startsWith("org/apache/logging/log4j/"))
        .isEmpty();
  }

  @Test
  void carriesNoSignaturesOfTheMergedJarsAndMergesServiceFiles() throws IOException {
    assertThat(entries).filteredOn(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")).isEmpty();
    // Kafka's config providers come from kafka-clients' service file; merged, not overwritten.
    try (JarFile jar = new JarFile(JAR.toFile())) {
      String providers =
          new String(
              jar.getInputStream(
                      jar.getEntry(
                          "META-INF/services/org.apache.kafka.common.config.provider.ConfigProvider"))
                  .readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      assertThat(providers).contains("org.apache.kafka.common.config.provider.FileConfigProvider");
    }
    assertThat(Files.size(JAR)).isGreaterThan(1_000_000L);
  }
}
