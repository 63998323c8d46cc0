package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionPolicyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path model;

  private VersionPolicy configured(String config) throws Exception {
    Files.writeString(model.resolve(ModelConfigFile.NAME), config);
    return VersionPolicy.read(model, JSON, VersionPolicy.DEFAULT);
  }

  @Test
  void readsTritonShapedVersionPolicies() throws Exception {
    assertThat(configured("{\"version_policy\": {\"latest\": {\"num_versions\": 3}}}"))
        .isEqualTo(new VersionPolicy.Latest(3));
    assertThat(configured("{\"version_policy\": {\"all\": {}}}"))
        .isEqualTo(new VersionPolicy.All());
    assertThat(configured("{\"version_policy\": {\"specific\": {\"versions\": [3, 1]}}}"))
        .isEqualTo(new VersionPolicy.Specific(new TreeSet<>(List.of(1L, 3L))))
        .hasToString("specific(1,3)");
  }

  @Test
  void aModelWithoutConfigOrWithoutPolicyGetsTheDefaultLatestTwo() throws Exception {
    assertThat(VersionPolicy.read(model, JSON, VersionPolicy.DEFAULT))
        .isEqualTo(new VersionPolicy.Latest(2));
    assertThat(configured("{\"max_batch_size\": 8}")).isEqualTo(VersionPolicy.DEFAULT);
  }

  @Test
  void aBrokenPolicyIsRefusedNamingTheFile() throws IOException {
    Files.writeString(
        model.resolve(ModelConfigFile.NAME),
        "{\"version_policy\": {\"latest\": {\"num_versions\": 0}}}");

    assertThatThrownBy(() -> VersionPolicy.read(model, JSON, VersionPolicy.DEFAULT))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("config.json")
        .hasMessageContaining("num_versions must be at least 1");
    assertThatThrownBy(() -> configured("{\"version_policy\": {\"newest\": {}}}"))
        .hasMessageContaining("must be one of latest, all, specific");
    assertThatThrownBy(() -> configured("{not json")).hasMessageContaining("is not valid JSON");
  }

  @Test
  void latestCountsOnlyLoadedVersionsAboveAndSpecificNamesItsVersions() {
    VersionPolicy latestTwo = new VersionPolicy.Latest(2);
    assertThat(latestTwo.admits(5, 0)).isTrue();
    assertThat(latestTwo.admits(4, 1)).isTrue();
    assertThat(latestTwo.admits(3, 2)).isFalse();
    VersionPolicy specific = VersionPolicy.parse("specific:1,3", "--default-version-policy");
    assertThat(specific.admits(3, 9)).isTrue();
    assertThat(specific.admits(2, 0)).isFalse();
  }

  @Test
  void parsesTheCommandLineFormAndNamesTheKeyWhenItCannot() {
    assertThat(VersionPolicy.parse("latest:1", "k")).isEqualTo(new VersionPolicy.Latest(1));
    assertThat(VersionPolicy.parse("all", "k")).isEqualTo(new VersionPolicy.All());
    assertThatThrownBy(() -> VersionPolicy.parse("newest", "gateway.default-version-policy"))
        .hasMessageStartingWith("gateway.default-version-policy must be latest:N");
    assertThatThrownBy(() -> VersionPolicy.parse("latest:x", "gateway.default-version-policy"))
        .hasMessageStartingWith("gateway.default-version-policy must be latest:N");
  }
}
