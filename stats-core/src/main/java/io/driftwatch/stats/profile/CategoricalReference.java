package io.driftwatch.stats.profile;

import java.util.Objects;

/**
 * A categorical column of a reference profile: the reference category counts.
 *
 * <p>Immutable: the constructor copies the sketch and callers must not modify {@link #sketch()}.
 * Equality is identity-based for the sketch; compare encoded profiles to compare contents.
 *
 * @param name column name, not blank
 * @param sketch the reference categories
 */
public record CategoricalReference(String name, CategoricalSketch sketch)
    implements ColumnReference {

  public CategoricalReference {
    NumericReference.requireName(name);
    Objects.requireNonNull(sketch, "sketch");
    sketch = sketch.copy();
  }

  @Override
  public ColumnKind kind() {
    return ColumnKind.CATEGORICAL;
  }

  @Override
  public long count() {
    return sketch.count();
  }

  @Override
  public long missing() {
    return sketch.missing();
  }

  @Override
  public long valid() {
    return sketch.valid();
  }

  @Override
  public String toString() {
    return "CategoricalReference[name=" + name + ", " + sketch + "]";
  }
}
