package io.driftwatch.local;

import io.driftwatch.schemas.repository.ModelDescriptor;
import io.driftwatch.stats.profile.ReferenceProfile;
import io.driftwatch.stats.profile.ReferenceProfileCodec;
import io.driftwatch.training.ModelRepositoryWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftwatch profile}: builds a version's reference profile from its training CSV. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = {
      "Builds the reference profile of a model version from its training data (CSV with a header"
          + " row) and writes it beside the model as <repo>/<model>/<version>/profile.avro; the"
          + " gateway publishes it on model-events when the version loads.",
      "Model outputs come from running the version's model.onnx on the rows, or from the"
          + " columns named by --class-column/--score-column."
    })
final class ProfileCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model-repository", required = true, description = "Model repository.")
  Path modelRepository;

  @Option(names = "--model", required = true, description = "Model name.")
  String model;

  // Not --version: that is the standard option printing the program's version.
  @Option(names = "--model-version", required = true, description = "Model version.")
  String version;

  @Option(names = "--csv", required = true, description = "Training data, CSV with a header row.")
  Path csv;

  @Option(
      names = "--class-column",
      description = "CSV column with the predicted class (default: run the model).")
  String classColumn;

  @Option(
      names = "--score-column",
      description = "CSV column with the score (default: run the model).")
  String scoreColumn;

  @Override
  public Integer call() throws Exception {
    Path versionDirectory = modelRepository.resolve(model).resolve(version);
    Path descriptorFile = versionDirectory.resolve(ModelDescriptor.FILE_NAME);
    if (!Files.isRegularFile(descriptorFile)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "no model descriptor at " + descriptorFile);
    }
    if (!Files.isRegularFile(csv)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no such CSV file " + csv);
    }
    ModelDescriptor descriptor = ModelDescriptor.read(descriptorFile);
    ReferenceProfile profile =
        new CsvProfiler(descriptor, versionDirectory)
            .profile(csv, classColumn, scoreColumn, model, version);
    byte[] bytes = ReferenceProfileCodec.encode(profile);
    Path written = ModelRepositoryWriter.writeProfile(versionDirectory, bytes);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "wrote %s (%d rows, %d features, %d outputs, %d bytes)%n",
        written,
        Long.parseLong(profile.source().get("rows")),
        profile.features().size(),
        profile.outputs().size(),
        bytes.length);
    out.flush();
    return 0;
  }
}
