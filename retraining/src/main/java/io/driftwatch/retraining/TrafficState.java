package io.driftwatch.retraining;

import java.time.Instant;
import java.util.Objects;

/**
 * The part of the gateway's {@code GET /v2/repository/models/{model}/traffic} answer rollback
 * decisions need.
 *
 * @param model the model
 * @param champion the version serving champion traffic
 * @param previousChampion the version a rollback returns to, or null when there is none
 * @param championSince when the champion started serving as champion, or null when unknown
 */
public record TrafficState(
    String model, String champion, String previousChampion, Instant championSince) {

  public TrafficState {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(champion, "champion");
  }
}
