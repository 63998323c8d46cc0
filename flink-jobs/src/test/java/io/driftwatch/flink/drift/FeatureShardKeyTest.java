package io.driftwatch.flink.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureShardKeyTest {

  @ParameterizedTest(name = "{0} shards, max parallelism {1}, parallelism {2}")
  @CsvSource({"4, 128, 2", "4, 128, 4", "2, 128, 2", "8, 128, 8", "4, 256, 3", "16, 128, 16"})
  void spreadsTheShardsOfEveryVersionOverTheSubtasks(int shards, int max, int parallelism) {
    for (int m = 0; m < 200; m++) {
      String model = "model-" + m;
      int[] ids = FeatureShardKey.spreadIds(model, "1", shards, max);

      int[] perSubtask = new int[parallelism];
      for (int i = 0; i < shards; i++) {
        FeatureShardKey key = new FeatureShardKey(model, "1", ids[i]);
        assertThat(key.index(shards)).isEqualTo(i);
        perSubtask[KeyGroupRangeAssignment.assignKeyToParallelOperator(key, max, parallelism)]++;
      }
      int fewest = Integer.MAX_VALUE;
      int most = 0;
      for (int n : perSubtask) {
        fewest = Math.min(fewest, n);
        most = Math.max(most, n);
      }
      assertThat(most - fewest)
          .as("%s: most and fewest shards on a subtask", model)
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void givesEveryVersionDistinctStableIdsWithShardZeroUnchanged() {
    Set<Integer> seen = new HashSet<>();
    int[] ids = FeatureShardKey.spreadIds("churn", "7", 4, 128);
    for (int id : ids) {
      assertThat(seen.add(id)).isTrue();
    }
    assertThat(ids[0]).isZero();
    assertThat(FeatureShardKey.spreadIds("churn", "7", 4, 128)).containsExactly(ids);
  }

  @Test
  void leavesTheIdsAloneWithOneShardOrFewerKeyGroupsThanShards() {
    assertThat(FeatureShardKey.spreadIds("churn", "1", 1, 128)).containsExactly(0);
    assertThat(FeatureShardKey.spreadIds("churn", "1", 4, 2)).containsExactly(0, 1, 2, 3);
  }
}
