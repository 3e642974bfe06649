package dev.leaver.activities.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.google.GoogleEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.time.Clock;
import java.util.Map;

/** A sandbox with the demo tenant (or another), the Google connector on it, and Linus resolved. */
final class GoogleSandbox implements AutoCloseable {
  static final String LINUS = "linus.okafor@contoso.example";
  static final String GRACE = "grace.hopper@contoso.example";
  static final Leaver LEAVER = new Leaver("E1005", LINUS, GRACE);

  final Sandbox sandbox;
  final GoogleTarget google;
  final GoogleEmulator emulator;

  private GoogleSandbox(Sandbox sandbox, GoogleConfig config) {
    this.sandbox = sandbox;
    this.google = new GoogleTarget(config);
    this.emulator = sandbox.emulator(GoogleEmulator.class);
  }

  static GoogleSandbox demo() throws Exception {
    Sandbox s = Sandbox.startDemo(0);
    return new GoogleSandbox(s, GoogleConfig.sandbox(s.baseUrl()));
  }

  static GoogleSandbox of(JsonNode tenant) throws Exception {
    Sandbox s = Sandbox.start(0, tenant);
    return new GoogleSandbox(s, GoogleConfig.sandbox(s.baseUrl()));
  }

  Target target(Leaver leaver) {
    Resolution r = google.resolve(leaver);
    if (!r.found()) {
      throw new AssertionError("not resolved: " + r.detail());
    }
    return new Target(leaver, r.accountId(), "req-google");
  }

  Target linus() {
    return target(LEAVER);
  }

  TargetAction action(String name) {
    return google.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  Attempt attempt(String name, Target target, Progress progress) {
    return new Attempt(GoogleTarget.ID, action(name), target, Clock.systemUTC(), 1, progress);
  }

  Attempt attempt(String name, Target target) {
    return attempt(name, target, Progress.inMemory());
  }

  Map<String, String> snapshot(String name, Target target) {
    return action(name).snapshot(target);
  }

  /** Write requests that reached the Google emulator's APIs (token requests excluded). */
  long writes() {
    return sandbox.server().requests().stream()
        .filter(r -> r.path().startsWith("/google/admin/") && !r.method().equals("GET"))
        .count();
  }

  @Override
  public void close() throws Exception {
    google.close();
    sandbox.close();
  }
}
