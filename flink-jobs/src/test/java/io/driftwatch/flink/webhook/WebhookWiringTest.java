package io.driftwatch.flink.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.flink.MonitorConfig;
import io.driftwatch.flink.MonitoringJob;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The monitoring job gets a webhook sink exactly when {@code --alert-webhooks} names receivers. */
class WebhookWiringTest {

  @Test
  void attachesTheWebhookSinkOnlyWhenReceiversAreConfigured() {
    assertThat(operatorNames(MonitorConfig.defaults())).noneMatch(n -> n.contains("webhooks"));
    assertThat(operatorNames(MonitorConfig.fromArgs("--alert-webhooks=http://127.0.0.1:9/hook")))
        .anyMatch(n -> n.contains("webhooks"));
  }

  private static List<String> operatorNames(MonitorConfig config) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    MonitoringJob.attach(env, config);
    return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
  }
}
