package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.training.DemoModel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping: failures name their cause and release what was already opened. */
class InferenceGatewayTest {

  @TempDir static Path work;

  @BeforeAll
  static void writeDemoModel() throws IOException {
    DemoModel.writeRepository(work.resolve("models"));
  }

  private static MockProducer<String, byte[]> producer() {
    return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  }

  private static GatewayConfig config(Path repository) {
    return GatewayConfig.defaults(repository, "127.0.0.1:1").withPort(0).withDevice(Device.CPU);
  }

  @Test
  void aMissingRepositoryFailsTheStartNamingTheKeyAndClosesTheProducer() {
    MockProducer<String, byte[]> producer = producer();

    assertThatThrownBy(
            () ->
                InferenceGateway.start(config(work.resolve("absent")), Clock.systemUTC(), producer))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("gateway.model-repository");
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void aPortInUseFailsTheStartNamingTheAddressAndClosesTheProducer() throws IOException {
    MockProducer<String, byte[]> producer = producer();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      GatewayConfig onTakenPort = config(work.resolve("models")).withPort(taken.getLocalPort());

      assertThatThrownBy(() -> InferenceGateway.start(onTakenPort, Clock.systemUTC(), producer))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot serve on 127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void portZeroBindsAFreePortAndCloseReleasesEverythingOnce() throws IOException {
    MockProducer<String, byte[]> producer = producer();
    InferenceGateway gateway =
        InferenceGateway.start(config(work.resolve("models")), Clock.systemUTC(), producer);
    int port = gateway.port();

    gateway.close();
    gateway.close();

    assertThat(port).isPositive();
    assertThat(producer.closed()).isTrue();
    try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(rebound.getLocalPort()).as("port released").isEqualTo(port);
    }
  }
}
