package dev.leaver.activities.exchange;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.exchange.ExchangeEmulator;
import dev.leaver.sandbox.graph.GraphEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The demo tenant in an in-process sandbox and an {@link ExchangeTarget} pointed at it, every
 * action on. Each test gets a fresh tenant.
 */
abstract class ExchangeSandbox {
  static final String ADA = "ada.lovelace@contoso.example";
  static final String ADA_ID = "3f1c2a9e-7b4d-4c1e-9a51-0e5d6b2f1001";
  static final String GRACE = "grace.hopper@contoso.example";
  static final String FROM = ExchangeConfig.SANDBOX_NOTIFY_FROM;
  static final String INVOKE = "/exchange/adminapi/beta/sandbox/InvokeCommand";

  Sandbox sandbox;
  ExchangeEmulator exo;
  GraphEmulator graph;
  ExchangeTarget exchange;
  final Target ada = new Target(new Leaver("E1001", ADA, GRACE), ADA_ID, "req-1");

  @BeforeEach
  void startSandbox() throws Exception {
    sandbox = Sandbox.startDemo(0);
    exo = sandbox.emulator(ExchangeEmulator.class);
    graph = sandbox.graph();
    exchange = new ExchangeTarget(ExchangeConfig.sandbox(sandbox.baseUrl()));
  }

  @AfterEach
  void stopSandbox() {
    exchange.close();
    sandbox.close();
  }

  TargetAction action(String name) {
    return exchange.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  Attempt attempt(String name, Target target) {
    return new Attempt("exchange", action(name), target, Clock.systemUTC(), 1, Progress.inMemory());
  }

  /** What the dispatcher does: snapshot once, then apply from it. */
  Receipt run(String name, Target target) {
    Map<String, String> before = action(name).snapshot(target);
    return attempt(name, target).apply(before);
  }
}
