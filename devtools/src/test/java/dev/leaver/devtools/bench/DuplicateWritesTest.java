package dev.leaver.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.Fault;
import dev.leaver.sandbox.SandboxServer.Logged;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateWritesTest {

  private static Logged logged(String method, String path, int status, String digest) {
    return new Logged(method, path, 0, status, true, null, status < 300, digest);
  }

  private static Logged unchanged(String method, String path, String digest) {
    return new Logged(method, path, 0, 204, true, null, false, digest);
  }

  @Test
  void theSameWriteChangingTheTenantTwiceCountsOnceAsADuplicate() {
    var d =
        DuplicateWrites.of(
            List.of(
                logged("PATCH", "/graph/v1.0/users/u1", 204, "disable"),
                logged("PATCH", "/graph/v1.0/users/u1", 204, "disable")));

    assertThat(d).isEqualTo(new DuplicateWrites(2, 2, 0, 1));
  }

  @Test
  void aRetryThatFindsTheWriteAlreadyDoneIsARepeatNotADuplicate() {
    var d =
        DuplicateWrites.of(
            List.of(
                logged("PATCH", "/graph/v1.0/users/u1", 204, "disable"),
                unchanged("PATCH", "/graph/v1.0/users/u1", "disable")));

    assertThat(d).isEqualTo(new DuplicateWrites(2, 1, 1, 0));
  }

  @Test
  void twoDifferentWritesToOnePathAreNoDuplicate() {
    var d =
        DuplicateWrites.of(
            List.of(
                logged("PATCH", "/graph/v1.0/users/u1", 204, "disable"),
                logged("PATCH", "/graph/v1.0/users/u1", 204, "leave-date")));

    assertThat(d).isEqualTo(new DuplicateWrites(2, 2, 0, 0));
  }

  @Test
  void readsFailuresAndCannedFaultsAreNotWritesThatLanded() {
    var d =
        DuplicateWrites.of(
            List.of(
                logged("GET", "/graph/v1.0/users/u1", 200, ""),
                logged("GET", "/graph/v1.0/users/u1", 200, ""),
                logged("POST", "/slack/api/users.info", 200, "u1"),
                logged("POST", "/slack/api/users.info", 200, "u1"),
                logged("POST", "/slack/api/admin.users.session.reset", 429, "u1"),
                new Logged(
                    "POST",
                    "/slack/api/admin.users.session.reset",
                    0,
                    200,
                    false,
                    Fault.Kind.ANSWER,
                    false,
                    "u1"),
                logged("POST", "/slack/api/admin.users.session.reset", 200, "u1")));

    assertThat(d).isEqualTo(new DuplicateWrites(1, 1, 0, 0));
  }
}
