package io.driftwatch.flink.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LruCacheTest {

  @Test
  void neverHoldsMoreThanItsBoundHoweverManyKeysArrive() {
    LruCache<Integer, String> cache = new LruCache<>(3);
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, "v" + i);
      assertThat(cache).hasSizeLessThanOrEqualTo(3);
    }
    assertThat(cache).containsOnlyKeys(997, 998, 999);
  }

  @Test
  void forgetsTheLeastRecentlyReadEntryFirst() {
    LruCache<String, Integer> cache = new LruCache<>(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.get("a");

    cache.put("c", 3);

    assertThat(cache).containsOnlyKeys("a", "c");
  }

  @Test
  void rejectsABoundBelowOne() {
    assertThatThrownBy(() -> new LruCache<>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries");
  }
}
