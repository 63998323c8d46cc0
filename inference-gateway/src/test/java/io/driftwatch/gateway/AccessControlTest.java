package io.driftwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.gateway.AccessControl.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControlTest {

  private static final String CLIENT = "client-token-0123456789";
  private static final String OPERATOR = "operator-token-0123456789";

  @TempDir Path work;

  @Test
  void aTokenOpensOnlyTheScopesWhoseListsHoldIt() {
    AccessControl access = AccessControl.of(List.of(CLIENT), List.of(OPERATOR), List.of());

    assertThat(access.grants(CLIENT)).containsExactly(Scope.INFERENCE);
    assertThat(access.grants(OPERATOR)).containsExactly(Scope.ADMIN);
    assertThat(access.grants(CLIENT + "x")).isEmpty();
  }

  @Test
  void aScopeWithoutTokensIsOpenToEveryone() {
    AccessControl access = AccessControl.of(List.of(), List.of(OPERATOR), List.of());

    assertThat(access.guards(Scope.INFERENCE)).isFalse();
    assertThat(access.grants("anything-at-all-0123")).isEmpty();
    assertThat(access.guards(Scope.METRICS)).isFalse();
    assertThat(AccessControl.OPEN.enabled()).isFalse();
    assertThat(access.enabled()).isTrue();
  }

  @Test
  void aTokenOfSeveralScopesIsGrantedEachOfThem() {
    AccessControl access =
        AccessControl.of(List.of(CLIENT, OPERATOR), List.of(OPERATOR), List.of(OPERATOR));

    assertThat(access.grants(OPERATOR))
        .containsExactlyInAnyOrder(Scope.INFERENCE, Scope.ADMIN, Scope.METRICS);
    assertThat(access.grants(CLIENT)).containsExactly(Scope.INFERENCE);
  }

  @Test
  void tokenFilesSkipCommentsAndBlankLines() throws Exception {
    Path file = Files.writeString(work.resolve("t"), "# ops team\n\n  " + CLIENT + "  \n");

    assertThat(AccessControl.readTokens(Optional.of(file), "--inference-tokens-file"))
        .containsExactly(CLIENT);
    assertThat(AccessControl.readTokens(Optional.empty(), "--inference-tokens-file")).isEmpty();
  }

  @Test
  void aTokenFileWithoutTokensIsRefusedNamingTheKey() throws Exception {
    Path file = Files.writeString(work.resolve("empty"), "# nothing yet\n");

    assertThatThrownBy(
            () -> AccessControl.fromFiles(Optional.empty(), Optional.of(file), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("gateway.admin-tokens-file ")
        .hasMessageEndingWith("holds no token");
  }

  @Test
  void aMissingTokenFileIsRefusedNamingTheKey() {
    Path absent = work.resolve("absent");

    assertThatThrownBy(
            () -> AccessControl.fromFiles(Optional.of(absent), Optional.empty(), Optional.empty()))
        .hasMessageStartingWith("gateway.inference-tokens-file " + absent + " cannot be read");
  }

  @Test
  void shortOrWhitespaceTokensAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> AccessControl.of(List.of("short"), List.of(), List.of()))
        .hasMessage("gateway.inference-tokens: every token needs at least 16 characters");
    assertThatThrownBy(
            () -> AccessControl.of(List.of(), List.of(), List.of("metrics token 0123456")))
        .hasMessage(
            "gateway.metrics-tokens: tokens must not hold whitespace or control characters");
  }

  @Test
  void toStringNeverShowsATokenOrItsDigest() {
    AccessControl access = AccessControl.of(List.of(CLIENT), List.of(OPERATOR), List.of());

    assertThat(access.toString())
        .isEqualTo("AccessControl[inference=1 tokens, admin=1 tokens, metrics=0 tokens]");
  }

  @Test
  void pathsMapToScopesWithHealthAlwaysOpen() {
    assertThat(BearerAuth.scopeOf("/v2/health/live")).isEmpty();
    assertThat(BearerAuth.scopeOf("/v2/health/ready")).isEmpty();
    assertThat(BearerAuth.scopeOf("/metrics")).contains(Scope.METRICS);
    assertThat(BearerAuth.scopeOf("/v2/repository/index")).contains(Scope.ADMIN);
    assertThat(BearerAuth.scopeOf("/v2/repository/models/m/rollback")).contains(Scope.ADMIN);
    assertThat(BearerAuth.scopeOf("/v2/models/m/infer")).contains(Scope.INFERENCE);
    assertThat(BearerAuth.scopeOf("/v1/feedback")).contains(Scope.INFERENCE);
    assertThat(BearerAuth.scopeOf("/v2")).contains(Scope.INFERENCE);
    assertThat(BearerAuth.scopeOf("/no/such/path")).contains(Scope.INFERENCE);
  }
}
