package io.driftwatch.stats.concept;

import java.nio.ByteBuffer;
import java.util.List;

/** Builds detectors by name and reads any detector's bytes back. */
public final class DriftDetectors {

  /** The names {@link #create(String)} accepts, in the order of the type bytes 1, 2, 3. */
  public static final List<String> NAMES = List.of(Adwin.NAME, Ddm.NAME, PageHinkley.NAME);

  private DriftDetectors() {}

  /**
   * A detector with its published default configuration.
   *
   * @param name "adwin", "ddm" or "page_hinkley"
   * @throws IllegalArgumentException for any other name
   */
  public static DriftDetector create(String name) {
    return defaults(name).newDetector();
  }

  /**
   * The default configuration of the named detector: {@link Adwin.Config#defaults()}, {@link
   * Ddm.Config#defaults()} or {@link PageHinkley.Config#defaults()}.
   *
   * @throws IllegalArgumentException for a name not in {@link #NAMES}
   */
  public static DetectorConfig defaults(String name) {
    if (name == null) {
      throw new IllegalArgumentException("detector name must not be null");
    }
    return switch (name) {
      case Adwin.NAME -> Adwin.Config.defaults();
      case Ddm.NAME -> Ddm.Config.defaults();
      case PageHinkley.NAME -> PageHinkley.Config.defaults();
      default ->
          throw new IllegalArgumentException(
              "unknown detector name '" + name + "', expected one of " + NAMES);
    };
  }

  /**
   * Reads the bytes of any detector's {@link DriftDetector#toByteArray()}, dispatching on its first
   * (type) byte: 1 {@link Adwin}, 2 {@link Ddm}, 3 {@link PageHinkley}.
   *
   * @throws IllegalArgumentException for empty, unknown, truncated or corrupt bytes
   */
  public static DriftDetector fromByteArray(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("detector bytes must not be null or empty");
    }
    return switch (bytes[0]) {
      case Adwin.TYPE -> Adwin.fromByteArray(bytes);
      case Ddm.TYPE -> Ddm.fromByteArray(bytes);
      case PageHinkley.TYPE -> PageHinkley.fromByteArray(bytes);
      default -> throw new IllegalArgumentException("unknown detector type byte " + bytes[0]);
    };
  }

  static void checkHeader(ByteBuffer buffer, byte type, byte format, String name) {
    byte actualType = buffer.get();
    if (actualType != type) {
      throw new IllegalArgumentException(
          "not " + name + " state: type byte " + actualType + ", expected " + type);
    }
    byte actualFormat = buffer.get();
    if (actualFormat != format) {
      throw new IllegalArgumentException(
          "unknown " + name + " format " + actualFormat + ", expected " + format);
    }
  }
}
