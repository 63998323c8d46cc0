package io.driftwatch.gateway;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions on the configured {@link Device}. AUTO tries the CUDA execution
 * provider and falls back to the CPU when adding it or creating the session with it fails, logging
 * why; {@code getAvailableProviders()} is not trusted because a provider can be listed and still
 * fail to start. Thread-safe.
 */
final class SessionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

  private final OrtEnvironment environment;
  private final Device device;
  private final SessionSettings settings;

  /** With ONNX Runtime's default threads and graph optimisation. */
  SessionFactory(OrtEnvironment environment, Device device) {
    this(environment, device, SessionSettings.DEFAULTS);
  }

  SessionFactory(OrtEnvironment environment, Device device, SessionSettings settings) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.device = Objects.requireNonNull(device, "device");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** A session and the provider it runs on: {@code CUDA} or {@code CPU}. */
  record OpenedSession(OrtSession session, String provider) {}

  /**
   * Opens a session on the model file; the caller owns and closes it.
   *
   * @throws OrtException when the model cannot be loaded, or with device CUDA when CUDA is
   *     unavailable
   */
  OpenedSession open(Path modelFile) throws OrtException {
    return switch (device) {
      case CPU -> onCpu(modelFile);
      case CUDA -> onCuda(modelFile);
      case AUTO -> {
        try {
          yield onCuda(modelFile);
        } catch (OrtException e) {
          LOG.info(
              "CUDA unavailable for {} ({}); running it on the CPU", modelFile, e.getMessage());
          yield onCpu(modelFile);
        }
      }
    };
  }

  private OpenedSession onCpu(Path modelFile) throws OrtException {
    try (OrtSession.SessionOptions options = options()) {
      return new OpenedSession(environment.createSession(modelFile.toString(), options), "CPU");
    }
  }

  private OpenedSession onCuda(Path modelFile) throws OrtException {
    try (OrtSession.SessionOptions options = options()) {
      try {
        options.addCUDA(0);
      } catch (OrtException e) {
        throw new OrtException("CUDA execution provider unavailable: " + e.getMessage());
      }
      return new OpenedSession(environment.createSession(modelFile.toString(), options), "CUDA");
    }
  }

  /** Fresh options carrying the configured threads and optimisation level; the caller closes. */
  private OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(settings.graphOptimization().level());
      // Request threads already keep the cores busy under concurrency; pool threads spinning
      // between calls would only take CPU from them.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      if (settings.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(settings.intraOpThreads());
      }
      if (settings.interOpThreads() > 1) {
        // Inter-op threads only run anything in parallel execution mode.
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
        options.setInterOpNumThreads(settings.interOpThreads());
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }
}
