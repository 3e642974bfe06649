package dev.leaver.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.response.admin.users.AdminUsersSessionResetResponse;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The error table on its own: which Slack error codes park a step and which are retried. */
class SlackErrorsTest {

  @Test
  void tokenAndScopeErrorsArePermissionDenied() {
    for (String code :
        new String[] {
          "missing_scope",
          "not_allowed_token_type",
          "no_permission",
          "not_authed",
          "invalid_auth",
          "token_revoked",
          "not_an_admin"
        }) {
      assertThat(SlackErrors.fromResponse("admin.users.session.reset", answer(code, null)))
          .as(code)
          .isInstanceOf(TargetException.PermissionDenied.class)
          .hasMessageContaining(code);
    }
  }

  @Test
  void permissionDeniedNamesTheNeededScope() {
    assertThat(SlackErrors.fromResponse("m", answer("missing_scope", "admin.users:write")))
        .hasMessageContaining("needs scope admin.users:write");
  }

  @Test
  void transientCodesAreRetryableAndOthersRejected() {
    assertThat(SlackErrors.fromResponse("m", answer("internal_error", null)))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(SlackErrors.fromResponse("m", answer("service_unavailable", null)))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(SlackErrors.fromResponse("m", answer("cannot_reset_bot", null)))
        .isInstanceOf(TargetException.Rejected.class)
        .hasMessageContaining("cannot_reset_bot");
  }

  @Test
  void networkFailuresAreRetryableWithoutADelay() {
    TargetException e = SlackErrors.fromIo("users.info", new IOException("connection reset"));
    assertThat(e).isInstanceOf(TargetException.Retryable.class);
    assertThat(((TargetException.Retryable) e).retryAfter()).isNull();
  }

  @Test
  void retryAfterIsReadAsSecondsAndIgnoredWhenNotANumber() {
    assertThat(SlackErrors.retryAfter("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(SlackErrors.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
    assertThat(SlackErrors.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
    assertThat(SlackErrors.retryAfter(null)).isNull();
  }

  private static AdminUsersSessionResetResponse answer(String code, String needed) {
    AdminUsersSessionResetResponse r = new AdminUsersSessionResetResponse();
    r.setOk(false);
    r.setError(code);
    r.setNeeded(needed);
    return r;
  }
}
