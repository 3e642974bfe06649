package dev.leaver.activities.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub's primary and secondary rate limits end the attempt at once as Retryable with the delay
 * GitHub asks for, through github-api as well as through the raw calls: nothing sleeps in the
 * activity.
 */
class GithubRateLimitTest {
  private Sandbox sandbox;
  private GithubTarget github;
  private final Target linus = new Target(GithubSandbox.LINUS_LEAVER, GithubSandbox.LINUS, "req");

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    github = new GithubTarget(GithubConfig.sandbox(sandbox.baseUrl()));
  }

  @AfterEach
  void stop() {
    github.close();
    sandbox.close();
  }

  @Test
  void anExhaustedPrimaryLimitOnAGithubApiCallWaitsUntilTheResetInTemporalNotInTheActivity() {
    long reset = Instant.now().getEpochSecond() + 42;
    refuse(
        "GET",
        GithubSandbox.ORG + "/memberships/",
        HttpResponse.json(403, Map.of("message", "API rate limit exceeded for user ID 9000."))
            .withHeader("x-ratelimit-remaining", "0")
            .withHeader("x-ratelimit-reset", Long.toString(reset)));
    long started = System.nanoTime();

    assertThatThrownBy(() -> action(RemoveOrgMembership.NAME).snapshot(linus))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e ->
                assertThat(e.retryAfter())
                    .isBetween(Duration.ofSeconds(38), Duration.ofSeconds(42)));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aSecondaryLimitOnAGithubApiCallIsRetryableAfterItsRetryAfter() {
    refuse(
        "GET",
        "/github/orgs/contoso",
        HttpResponse.json(403, Map.of("message", "You have exceeded a secondary rate limit."))
            .withHeader("retry-after", "30"));

    assertThatThrownBy(() -> action(RemoveOrgMembership.NAME).snapshot(linus))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
  }

  @Test
  void aSecondaryLimitWithoutRetryAfterOnARawWriteWaitsTheMinuteGithubAdvises() {
    Map<String, String> before = action(RemoveOrgMembership.NAME).snapshot(linus);
    refuse(
        "DELETE",
        GithubSandbox.ORG + "/memberships/",
        HttpResponse.json(
            403,
            Map.of(
                "message",
                "You have exceeded a secondary rate limit. Please wait a few minutes.")));

    assertThatThrownBy(() -> attempt(RemoveOrgMembership.NAME).apply(before))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60)));
  }

  @Test
  void aRefusalThatIsNoRateLimitParksAsPermissionDeniedNamingThePermission() {
    Map<String, String> before = action(RevokeFineGrainedTokens.NAME).snapshot(linus);
    refuse(
        "POST",
        GithubSandbox.ORG + "/personal-access-tokens",
        HttpResponse.json(403, Map.of("message", "Resource not accessible by integration")));

    assertThatThrownBy(() -> attempt(RevokeFineGrainedTokens.NAME).apply(before))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("organization_personal_access_tokens:write");
  }

  @Test
  void aValidationFailureIsRejected() {
    Map<String, String> before = action(RemoveOrgMembership.NAME).snapshot(linus);
    refuse(
        "DELETE",
        GithubSandbox.ORG + "/memberships/",
        HttpResponse.json(422, Map.of("message", "Validation Failed")));

    assertThatThrownBy(() -> attempt(RemoveOrgMembership.NAME).apply(before))
        .isInstanceOf(TargetException.Rejected.class);
  }

  private void refuse(String method, String path, HttpResponse answer) {
    sandbox.server().faults().inject(method, path, 1, answer);
  }

  private TargetAction action(String name) {
    return github.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private Attempt attempt(String name) {
    return new Attempt("github", action(name), linus, Clock.systemUTC(), 1, Progress.inMemory());
  }
}
