package io.driftwatch.flink.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes a mutable state value that has its own binary form (sketch-backed statistics) as a
 * 4-byte length followed by those bytes; never Java serialization or Kryo. Values larger than
 * {@value #MAX_BYTES} bytes are refused as corrupt. Subclasses are stateless singletons, so one
 * shared instance is thread-safe.
 *
 * @param <T> the state value type
 */
public abstract class BinaryValueSerializer<T> extends TypeSerializer<T> {

  private static final long serialVersionUID = 1L;

  /** Largest accepted serialized value, 64 MiB. */
  public static final int MAX_BYTES = 64 << 20;

  /** The value's own bytes. */
  protected abstract byte[] toBytes(T value);

  /**
   * Reads bytes written by {@link #toBytes}.
   *
   * @throws IllegalArgumentException when they are not a valid value
   */
  protected abstract T fromBytes(byte[] bytes);

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public T copy(T from) {
    return fromBytes(toBytes(from));
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    byte[] bytes = toBytes(record);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    byte[] bytes = new byte[readLength(source)];
    source.readFully(bytes);
    try {
      return fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt " + this + " value: " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    byte[] bytes = new byte[readLength(source)];
    source.readFully(bytes);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  private int readLength(DataInputView source) throws IOException {
    int length = source.readInt();
    if (length < 0 || length > MAX_BYTES) {
      throw new IOException("corrupt " + this + " length " + length);
    }
    return length;
  }

  @Override
  public boolean equals(Object other) {
    return other != null && other.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName();
  }
}
