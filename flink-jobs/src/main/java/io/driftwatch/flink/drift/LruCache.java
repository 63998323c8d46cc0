package io.driftwatch.flink.drift;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of at most {@code maxEntries} entries that forgets the least recently read or written one
 * when a put goes beyond, for values that can be derived again on a miss. Not thread-safe.
 */
final class LruCache<K, V> extends LinkedHashMap<K, V> {

  private static final long serialVersionUID = 1L;

  private final int maxEntries;

  /**
   * @param maxEntries entries kept, >= 1
   */
  LruCache(int maxEntries) {
    super(16, 0.75f, true);
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > maxEntries;
  }
}
