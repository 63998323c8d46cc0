package io.driftwatch.flink.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServingPointMapperTest {

  private final ServingPointMapper mapper = new ServingPointMapper();

  @Test
  void writesTheProductMeasurementTaggedBySeriesAtTheWindowEndInMilliseconds() {
    ServingWindow window =
        new ServingWindow(
            "churn", "3", "challenger", 1_000, 11_000, 20, 5, 0.25, 12.5, 40, 55.5, 2.0);

    String line = mapper.toPoint(window).lineProtocol(TimeUnit.MILLISECONDS);

    assertThat(line)
        .isEqualTo(
            "serving,model=churn,variant=challenger,version=3"
                + " error_rate=0.25,errors=5i,latency_p50_ms=12.5,latency_p95_ms=40.0,"
                + "latency_p99_ms=55.5,requests=20i,throughput_rps=2.0 11000");
  }

  @Test
  void leavesOutAnEmptyVersionTag() {
    ServingWindow unresolved =
        new ServingWindow("nosuch", "", "champion", 0, 10_000, 1, 1, 1, 1, 1, 1, 0.1);

    assertThat(mapper.toPoint(unresolved).lineProtocol(TimeUnit.MILLISECONDS))
        .startsWith("serving,model=nosuch,variant=champion ");
  }
}
