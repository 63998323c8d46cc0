package io.driftwatch.gateway;

import java.util.Optional;

/**
 * Where one infer request goes, resolved once from one routing snapshot: the version that answers
 * it, the traffic variant that version plays, and the shadow version (if any) that scores a copy.
 * Holds a lease on each version until {@link #close}, so neither session is closed under the
 * request; {@link #takeShadow} hands the shadow's lease to whoever scores it. Confined to the
 * request's thread.
 */
final class Route implements AutoCloseable {

  private final LoadedModel model;
  private final String variant;
  private LoadedModel shadow;
  private boolean closed;

  /** Both models must already be leased ({@link LoadedModel#tryAcquire}); this route owns that. */
  Route(LoadedModel model, String variant, Optional<LoadedModel> shadow) {
    this.model = model;
    this.variant = variant;
    this.shadow = shadow.orElse(null);
  }

  LoadedModel model() {
    return model;
  }

  /** {@code champion}, {@code challenger} or {@code shadow}. */
  String variant() {
    return variant;
  }

  /** The leased shadow version, now owned (and to be released) by the caller. */
  Optional<LoadedModel> takeShadow() {
    Optional<LoadedModel> taken = Optional.ofNullable(shadow);
    shadow = null;
    return taken;
  }

  /** Releases the leases still held. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    model.release();
    if (shadow != null) {
      shadow.release();
      shadow = null;
    }
  }
}
