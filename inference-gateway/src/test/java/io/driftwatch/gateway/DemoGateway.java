package io.driftwatch.gateway;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.training.DemoModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A gateway on real HTTP and real ONNX Runtime serving version 1 of the demo model, with a body
 * limit of {@value #MAX_BODY_BYTES} bytes, for tests of what clients send. Its Kafka producer is a
 * {@link MockProducer} that accepts every event: the prediction log is not what these tests are
 * about, and the broker tests cover it.
 */
final class DemoGateway implements AutoCloseable {

  static final String MODEL = DemoModel.NAME;
  static final String INFER = "/v2/models/" + MODEL + "/infer";
  static final long MAX_BODY_BYTES = 64 * 1024;

  private final InferenceGateway gateway;
  private final ModelDescriptor descriptor;

  private DemoGateway(InferenceGateway gateway, ModelDescriptor descriptor) {
    this.gateway = gateway;
    this.descriptor = descriptor;
  }

  static DemoGateway start(Path work) throws IOException {
    Path version = DemoModel.writeRepository(work.resolve("models"));
    ModelDescriptor descriptor = ModelDescriptor.read(version.resolve(ModelDescriptor.FILE_NAME));
    GatewayConfig config =
        GatewayConfig.defaults(work.resolve("models"), "127.0.0.1:1")
            .withPort(0)
            .withMaxBodyBytes(MAX_BODY_BYTES)
            .withDevice(Device.CPU);
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    return new DemoGateway(InferenceGateway.start(config, Clock.systemUTC(), producer), descriptor);
  }

  int port() {
    return gateway.port();
  }

  ModelDescriptor descriptor() {
    return descriptor;
  }

  /** A valid infer body: {@code rows} rainy days as the model's whole input tensor. */
  String tensorRequest(String id, int rows) {
    String row = "[10.9, 10.6, 2.8, 4.5]";
    String data = IntStream.range(0, rows).mapToObj(i -> row).collect(Collectors.joining(", "));
    return """
        {"id": "%s", "inputs": [{"name": "%s", "shape": [%d, 4], "datatype": "FP32", "data": [%s]}]}\
        """
        .formatted(id, descriptor.inputName(), rows, data);
  }

  /** A valid infer body: one input per feature, {@code rows} rows each, as {@code datatype}. */
  String featureRequest(String id, int rows, String datatype) {
    String column = IntStream.range(0, rows).mapToObj(i -> "3").collect(Collectors.joining(", "));
    String inputs =
        descriptor.featureNames().stream()
            .map(
                f ->
                    "{\"name\": \"%s\", \"shape\": [%d], \"datatype\": \"%s\", \"data\": [%s]}"
                        .formatted(f, rows, datatype, column))
            .collect(Collectors.joining(", "));
    return "{\"id\": \"" + id + "\", \"inputs\": [" + inputs + "]}";
  }

  @Override
  public void close() {
    gateway.close();
  }
}
