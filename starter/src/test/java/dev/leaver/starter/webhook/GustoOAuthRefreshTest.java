package dev.leaver.starter.webhook;

import static dev.leaver.starter.webhook.HrRecordsDecideHiBobAndGustoTest.assertAnswer;
import static dev.leaver.starter.webhook.HrRecordsDecideHiBobAndGustoTest.endOf;
import static dev.leaver.starter.webhook.HrRecordsDecideHiBobAndGustoTest.gustoEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.hris.OAuth;
import dev.leaver.starter.MassTerminationBrake;
import dev.leaver.starter.OffboardingTestServer;
import dev.leaver.starter.TerminationIntake;
import dev.leaver.starter.hris.gusto.GustoClient;
import dev.leaver.starter.hris.gusto.GustoOAuth;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.workflow.FakeTenant;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 5: Gusto's OAuth access tokens expire after two hours and its refresh tokens
 * rotate. Through the real webhook server, the real {@link GustoClient} with {@link GustoOAuth}
 * against the sandbox's Gusto emulator (its {@code /gusto/oauth/token}), the intake and the real
 * offboarding workflow.
 */
class GustoOAuthRefreshTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final String GUSTO_TOKEN = "gusto-verification-token-e2e";
  private static final String ADA_GUSTO = "9f1c3a52-7e4b-4d2a-8c61-00000000e101";
  private static final String SEEDED_REFRESH = "sandbox-gusto-refresh-token";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<GustoOAuth.Tokens> stored = new CopyOnWriteArrayList<>();
  private final MovableClock clock = new MovableClock();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Sandbox sandbox;
  private TerminationIntake intake;
  private WebhookServer server;
  private GustoOAuth oauth;

  @BeforeEach
  void setUp() throws Exception {
    env =
        OffboardingTestServer.create(
            new FakeTenant(),
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.start();
    client = env.getWorkflowClient();
    sandbox = Sandbox.startDemo(0);
    intake =
        new TerminationIntake(
            client, MassTerminationBrake.off(), Clock.systemUTC(), Duration.ofSeconds(5));
  }

  private void startServer(String clientSecret) throws Exception {
    HttpClient api = HttpClient.newHttpClient();
    oauth =
        new GustoOAuth(
            sandbox.baseUrl() + "/gusto",
            "sandbox-gusto-client-id",
            clientSecret,
            "https://leaver.example.com/oauth/callback",
            new GustoOAuth.Tokens(null, SEEDED_REFRESH, null),
            stored::add,
            clock,
            api);
    server =
        WebhookServer.builder()
            .host("127.0.0.1")
            .port(0)
            .stopTimeout(Duration.ZERO)
            .sink(intake)
            .gusto(
                SourceConfig.of(GUSTO_TOKEN, NEW_YORK),
                new GustoClient(sandbox.baseUrl() + "/gusto", oauth, NEW_YORK, api))
            .build();
    server.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    intake.close();
    sandbox.close();
    env.close();
  }

  /**
   * The first delivery refreshes (no access token yet); Gusto then expires the token early: the
   * next read gets 401, refreshes once and reads again, so the date change still reschedules. Each
   * rotated refresh token is kept and handed on to be stored; the used ones are revoked.
   */
  @Test
  void anAccessTokenGustoRejectsIsRefreshedOnceAndTheDeliveryStillMovesTheRun() throws Exception {
    startServer("sandbox-gusto-client-secret");
    long now = Instant.now().getEpochSecond();
    LocalDate lastDay = today().plusDays(7);
    sandbox.gusto().terminate(ADA_GUSTO, lastDay);
    assertAnswer(
        gusto(gustoEvent("employee.terminated", UUID.randomUUID(), now - 10)), 202, "started");
    assertThat(awaitPhase(Phase.WAITING).effectiveAt()).isEqualTo(endOf(lastDay, NEW_YORK));
    assertThat(oauth().refreshes()).isEqualTo(1);
    assertThat(oauth().refreshTokenValid(SEEDED_REFRESH))
        .as("revoked on the new token's first use")
        .isFalse();

    oauth().expireAccessTokens();
    LocalDate later = lastDay.plusDays(2);
    sandbox.gusto().terminate(ADA_GUSTO, later);
    assertAnswer(gusto(gustoEvent("employee.updated", UUID.randomUUID(), now)), 202, "rescheduled");
    assertThat(status().effectiveAt()).isEqualTo(endOf(later, NEW_YORK));

    assertThat(oauth().expiredTokensSeen()).as("one 401").isEqualTo(1);
    assertThat(oauth().refreshes()).as("refreshed once after it").isEqualTo(2);
    assertThat(stored).hasSize(2);
    String latest = stored.get(1).refreshToken();
    assertThat(latest).isNotEqualTo(stored.get(0).refreshToken()).isNotEqualTo(SEEDED_REFRESH);
    assertThat(oauth.tokens().refreshToken()).isEqualTo(latest);
    assertThat(oauth().refreshTokenValid(latest)).isTrue();
    assertThat(oauth().refreshTokenValid(stored.get(0).refreshToken())).isFalse();
  }

  /** A token about to expire is refreshed before use: Gusto never sees an expired one. */
  @Test
  void anAccessTokenIsRefreshedBeforeItExpires() throws Exception {
    startServer("sandbox-gusto-client-secret");
    long now = Instant.now().getEpochSecond();
    LocalDate lastDay = today().plusDays(7);
    sandbox.gusto().terminate(ADA_GUSTO, lastDay);
    assertAnswer(
        gusto(gustoEvent("employee.terminated", UUID.randomUUID(), now - 10)), 202, "started");
    awaitPhase(Phase.WAITING);
    Instant expiresAt = oauth.tokens().expiresAt();
    assertThat(expiresAt).isAfter(Instant.now().plus(Duration.ofMinutes(100)));

    clock.moveTo(expiresAt.minus(Duration.ofMinutes(4))); // within the 5 minutes before expiry
    LocalDate later = lastDay.plusDays(2);
    sandbox.gusto().terminate(ADA_GUSTO, later);
    assertAnswer(gusto(gustoEvent("employee.updated", UUID.randomUUID(), now)), 202, "rescheduled");

    assertThat(oauth().refreshes()).isEqualTo(2);
    assertThat(oauth().expiredTokensSeen()).isZero();
    assertThat(status().effectiveAt()).isEqualTo(endOf(later, NEW_YORK));
  }

  /** A refresh Gusto refuses (wrong client secret) answers 503 with Retry-After; nothing starts. */
  @Test
  void aRefusedRefreshAnswers503AndStartsNothing() throws Exception {
    startServer("not-the-client-secret");
    sandbox.gusto().terminate(ADA_GUSTO, today().plusDays(7));

    HttpResponse<String> r =
        gusto(gustoEvent("employee.terminated", UUID.randomUUID(), Instant.now().getEpochSecond()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.body()).doesNotContain("not-the-client-secret").doesNotContain(SEEDED_REFRESH);
    assertThat(oauth().refreshTokenValid(SEEDED_REFRESH)).isTrue();
    try {
      status();
      throw new AssertionError("a run was started");
    } catch (WorkflowNotFoundException expected) {
      // nothing started
    }
  }

  private OAuth oauth() {
    return sandbox.gusto().oauth();
  }

  private HttpResponse<String> gusto(byte[] body) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(server.uri() + "/webhooks/gusto"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("X-Gusto-Signature", VendorSignatures.gusto(GUSTO_TOKEN, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private LocalDate today() {
    return LocalDate.ofInstant(Instant.ofEpochMilli(env.currentTimeMillis()), NEW_YORK);
  }

  private OffboardingStatus status() {
    return client.newWorkflowStub(OffboardingWorkflow.class, "offboarding-" + ADA_GUSTO).status();
  }

  private OffboardingStatus awaitPhase(Phase phase) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    OffboardingStatus last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        last = status();
      } catch (WorkflowNotFoundException e) {
        last = null;
      }
      if (last != null && last.phase() == phase) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("phase never " + phase + "; last: " + last);
  }

  /** The system clock, or a moment a test moved it to (the token's view of time only). */
  private static final class MovableClock extends Clock {
    private volatile Instant fixed;

    void moveTo(Instant at) {
      fixed = at;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return fixed != null ? fixed : Instant.now();
    }
  }
}
