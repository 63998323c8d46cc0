package io.driftwatch.stats.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {

  @Test
  void anIdParsesBackIntoItsKeyEvenWithQuotesAndBackslashesInValues() {
    SeriesKey[] keys = {
      new SeriesKey("accuracy_drop", new TreeMap<>(Map.of("model", "iris", "version", "1"))),
      new SeriesKey("r", new TreeMap<>()),
      new SeriesKey(
          "feature_drift",
          new TreeMap<>(Map.of("feature", "a \"quoted\", odd {name}", "path", "C:\\x\\", "e", ""))),
    };

    for (SeriesKey key : keys) {
      assertThat(SeriesKey.parse(key.id())).isEqualTo(key);
    }
  }

  @Test
  void refusesWhatIsNotASeriesId() {
    for (String id :
        new String[] {"", "r", "{a=\"1\"}", "r{a=\"1\"", "r{a=1}", "r{a=\"1\"b=\"2\"}"}) {
      assertThatThrownBy(() -> SeriesKey.parse(id))
          .as(id)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a series id");
    }
  }
}
