package io.driftwatch.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one model's requests that name no version are split: the champion answers, an optional
 * challenger answers a share {@code weight} of them, and an optional shadow scores a copy of every
 * request without its answer being returned. Remembers the champion before the current one (the
 * rollback target) and the last {@value #HISTORY_SIZE} champion changes. Immutable.
 *
 * @param championSince when the current champion took over
 * @param history champion changes, oldest first, at most {@value #HISTORY_SIZE}
 */
record TrafficPolicy(
    String champion,
    Optional<Challenger> challenger,
    Optional<String> shadow,
    Optional<String> previousChampion,
    Instant championSince,
    List<Change> history) {

  /** Champion changes kept in {@link #history}. */
  static final int HISTORY_SIZE = 20;

  static final String CHAMPION = "champion";
  static final String CHALLENGER = "challenger";
  static final String SHADOW = "shadow";

  /**
   * The challenger version and the share of unversioned requests it answers.
   *
   * @param weight in [0, 1]; a request goes to the challenger when its key hashes below it
   */
  record Challenger(String version, double weight) {
    Challenger {
      Objects.requireNonNull(version, "version");
      if (!(weight >= 0 && weight <= 1)) {
        throw new IllegalArgumentException("weight must be in [0, 1], was " + weight);
      }
    }
  }

  /**
   * A requested change of the policy, field by field: an empty outer optional leaves the field as
   * it is, an empty inner one clears it.
   *
   * @param reason recorded in the history when the champion changes
   */
  record Update(
      Optional<String> champion,
      Optional<Optional<Challenger>> challenger,
      Optional<Optional<String>> shadow,
      Optional<String> reason) {}

  /** One champion change: when, to which version and why. */
  record Change(Instant time, String champion, String reason) {}

  TrafficPolicy {
    Objects.requireNonNull(champion, "champion");
    Objects.requireNonNull(championSince, "championSince");
    List<Change> kept = new ArrayList<>(history);
    history = List.copyOf(kept.subList(Math.max(0, kept.size() - HISTORY_SIZE), kept.size()));
  }

  /** The first policy of a model: {@code champion} alone. */
  static TrafficPolicy initial(String champion, Instant at, String reason) {
    return new TrafficPolicy(
        champion,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        at,
        List.of(new Change(at, champion, reason)));
  }

  /**
   * The variant that answers a request with this routing key: challenger when the key's stable
   * hash, a uniform number in [0, 1), falls below the challenger's weight, else champion. The same
   * key always gets the same variant for the same weight, and raising the weight only moves keys
   * from champion to challenger.
   */
  String variantFor(String routingKey) {
    return challenger.isPresent() && unitHash(routingKey) < challenger.get().weight()
        ? CHALLENGER
        : CHAMPION;
  }

  /** The version playing {@code variant}. */
  String versionOf(String variant) {
    return variant.equals(CHALLENGER) ? challenger.orElseThrow().version() : champion;
  }

  /** The variant a version plays: champion, challenger or shadow; empty when it plays none. */
  Optional<String> roleOf(String version) {
    if (version.equals(champion)) {
      return Optional.of(CHAMPION);
    }
    if (challenger.isPresent() && challenger.get().version().equals(version)) {
      return Optional.of(CHALLENGER);
    }
    return shadow.filter(version::equals).map(v -> SHADOW);
  }

  /**
   * {@code version} becomes champion and the current one is remembered as previous champion. A
   * challenger or shadow on the new champion is cleared: a version cannot race itself.
   */
  TrafficPolicy promote(String version, Instant at, String reason) {
    if (version.equals(champion)) {
      return this;
    }
    return new TrafficPolicy(
            version, challenger, shadow, Optional.of(champion), at, withChange(at, version, reason))
        .withoutRolesOf(version);
  }

  /**
   * {@code version} becomes champion after the current one was judged bad: a challenger or shadow
   * on either is cleared and there is no previous champion left to roll back to.
   */
  TrafficPolicy rollBackTo(String version, Instant at, String reason) {
    return new TrafficPolicy(
            version, challenger, shadow, Optional.empty(), at, withChange(at, version, reason))
        .withoutRolesOf(champion)
        .withoutRolesOf(version);
  }

  TrafficPolicy withChallenger(Optional<Challenger> newChallenger) {
    return new TrafficPolicy(
        champion, newChallenger, shadow, previousChampion, championSince, history);
  }

  TrafficPolicy withShadow(Optional<String> newShadow) {
    return new TrafficPolicy(
        champion, challenger, newShadow, previousChampion, championSince, history);
  }

  /** Clears the challenger and shadow when they are {@code version}; the champion stays. */
  TrafficPolicy withoutRolesOf(String version) {
    return new TrafficPolicy(
        champion,
        challenger.filter(c -> !c.version().equals(version)),
        shadow.filter(s -> !s.equals(version)),
        previousChampion,
        championSince,
        history);
  }

  private List<Change> withChange(Instant at, String version, String reason) {
    List<Change> changes = new ArrayList<>(history);
    changes.add(new Change(at, version, reason));
    return changes;
  }

  /**
   * FNV-1a over the key's UTF-8 bytes, finished with the SplitMix64 mixer so that similar keys
   * spread evenly, mapped to [0, 1) from the top 53 bits. Stable across processes and restarts.
   */
  static double unitHash(String key) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 30;
    hash *= 0xbf58476d1ce4e5b9L;
    hash ^= hash >>> 27;
    hash *= 0x94d049bb133111ebL;
    hash ^= hash >>> 31;
    return (hash >>> 11) * 0x1.0p-53;
  }
}
