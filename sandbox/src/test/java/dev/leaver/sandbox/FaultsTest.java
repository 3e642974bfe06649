package dev.leaver.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each kind of fault, seen from a plain HTTP client and from the tenant's state. */
class FaultsTest {
  private static final String ADA = "ada.lovelace@contoso.example";
  private static final String USERS = "/graph/v1.0/users/";

  private final HttpClient http = HttpClient.newHttpClient();
  private Sandbox sandbox;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.startDemo(0);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aDelayBeforeHoldsTheRequestSoNothingHasChangedWhileItWaits() throws Exception {
    sandbox.server().faults().add(Fault.delayBefore("PATCH", USERS, Duration.ofMillis(1500)));

    long sent = System.nanoTime();
    CompletableFuture<HttpResponse<String>> answer = disableAda();
    Thread.sleep(700);

    assertThat(answer).isNotDone();
    assertThat(sandbox.graph().user(ADA).accountEnabled()).as("not written yet").isTrue();
    assertThat(patches()).isEmpty();
    assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    assertThat(Duration.ofNanos(System.nanoTime() - sent))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    assertThat(sandbox.graph().user(ADA).accountEnabled()).isFalse();
    assertThat(patches())
        .singleElement()
        .satisfies(q -> assertThat(q.fault()).isEqualTo(Fault.Kind.DELAY_BEFORE))
        .satisfies(q -> assertThat(q.landed()).isTrue());
  }

  @Test
  void aDelayAfterLandsTheWriteAtOnceAndHoldsTheAnswer() throws Exception {
    sandbox.server().faults().add(Fault.delayAfter("PATCH", USERS, Duration.ofMillis(1500)));

    long sent = System.nanoTime();
    CompletableFuture<HttpResponse<String>> answer = disableAda();
    SandboxServer.Logged landed = awaitPatch();

    assertThat(sandbox.graph().user(ADA).accountEnabled())
        .as("written before the answer")
        .isFalse();
    assertThat(answer).as("the answer is still held").isNotDone();
    assertThat(landed.landed()).isTrue();
    assertThat(landed.fault()).isEqualTo(Fault.Kind.DELAY_AFTER);
    assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    assertThat(Duration.ofNanos(System.nanoTime() - sent))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aDroppedAnswerFailsTheClientAlthoughTheWriteLanded() throws Exception {
    sandbox.server().faults().add(Fault.dropAnswer("PATCH", USERS));

    assertThatThrownBy(() -> disableAda().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IOException.class);
    assertThat(sandbox.graph().user(ADA).accountEnabled()).isFalse();
    assertThat(patches())
        .singleElement()
        .satisfies(q -> assertThat(q.fault()).isEqualTo(Fault.Kind.DROP_ANSWER))
        .satisfies(q -> assertThat(q.landed()).isTrue());
  }

  @Test
  void anAnswerDroppedLateIsATimeoutForAClientThatGivesUpFirst() throws Exception {
    sandbox.server().faults().add(Fault.dropAnswerAfter("PATCH", USERS, Duration.ofSeconds(5)));

    HttpRequest patch = disable(ADA).timeout(Duration.ofMillis(500)).build();

    assertThatThrownBy(() -> http.send(patch, BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(sandbox.graph().user(ADA).accountEnabled()).isFalse();
  }

  @Test
  void aThrottleLastingAWindowAnswers429UntilItEndsThenTheEmulatorAnswers() throws Exception {
    sandbox.server().faults().add(Fault.throttle("GET", USERS, 2).lasting(Duration.ofMillis(1200)));

    HttpResponse<String> first = getAda();
    HttpResponse<String> second = getAda();
    Thread.sleep(1400);
    HttpResponse<String> after = getAda();

    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(first.body()).contains("TooManyRequests");
    assertThat(second.statusCode()).as("no count: the whole window").isEqualTo(429);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(sandbox.server().requests())
        .extracting(SandboxServer.Logged::applied)
        .containsExactly(false, false, true);
    assertThat(sandbox.server().faults().armed()).as("a spent fault is disarmed").isEmpty();
  }

  @Test
  void aFailureForTheNextTwoRequestsAnswers503TwiceThenTheEmulatorAnswers() throws Exception {
    sandbox.server().faults().add(Fault.fail("GET", "/graph", 503).times(2));

    assertThat(List.of(getAda().statusCode(), getAda().statusCode(), getAda().statusCode()))
        .containsExactly(503, 503, 200);
  }

  @Test
  void faultsApplyOnlyToTheirMethodAndPathAndTheFirstArmedWins() throws Exception {
    Faults faults = sandbox.server().faults();
    faults.add(Fault.fail("PATCH", USERS, 500));
    faults.add(Fault.fail(null, "^/graph/v1\\.0/users/[^/]+$", 503).times(1));
    faults.add(Fault.fail(null, "/graph", 502));

    assertThat(disableAda().get(10, TimeUnit.SECONDS).statusCode())
        .as("first armed wins")
        .isEqualTo(500);
    assertThat(getAda().statusCode()).as("the pattern, once").isEqualTo(503);
    assertThat(getAda().statusCode()).as("then the prefix").isEqualTo(502);
    assertThat(get("/slack/api/auth.test").statusCode())
        .as("other APIs untouched")
        .isNotIn(500, 502, 503);
  }

  @Test
  void clearingDisarmsEveryFault() throws Exception {
    sandbox.server().faults().add(Fault.fail(null, "/", 503));
    sandbox.server().faults().throttle("GET", "/graph", 5, 1);

    sandbox.server().faults().clear();

    assertThat(getAda().statusCode()).isEqualTo(200);
    assertThat(sandbox.server().faults().armed()).isEmpty();
  }

  @Test
  void theCountedThrottleAndInjectionTestsAlreadyUseStillWork() throws Exception {
    sandbox.server().faults().throttle("GET", USERS, 1, 7);
    sandbox
        .server()
        .faults()
        .inject("GET", USERS, 1, dev.leaver.sandbox.HttpResponse.text(503, "down"));

    HttpResponse<String> throttled = getAda();
    HttpResponse<String> injected = getAda();

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(injected.statusCode()).isEqualTo(503);
    assertThat(injected.body()).isEqualTo("down");
    assertThat(getAda().statusCode()).isEqualTo(200);
  }

  @Test
  void aFaultThatCannotWorkIsRefusedWhenArmed() {
    assertThatThrownBy(() -> Fault.fail("GET", "/graph", 503).times(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.fail("GET", "^/graph(", 503))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.delayAfter("GET", "/graph", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private CompletableFuture<HttpResponse<String>> disableAda() {
    return http.sendAsync(disable(ADA).build(), BodyHandlers.ofString());
  }

  private HttpRequest.Builder disable(String upn) {
    return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + USERS + upn))
        .header("Authorization", "Bearer sandbox")
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"accountEnabled\":false}"));
  }

  private HttpResponse<String> getAda() throws Exception {
    return get(USERS + ADA);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
            .header("Authorization", "Bearer sandbox")
            .build(),
        BodyHandlers.ofString());
  }

  private List<SandboxServer.Logged> patches() {
    return sandbox.server().requests().stream().filter(q -> q.method().equals("PATCH")).toList();
  }

  private SandboxServer.Logged awaitPatch() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      List<SandboxServer.Logged> p = patches();
      if (!p.isEmpty()) {
        return p.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the PATCH never reached the emulator");
  }
}
