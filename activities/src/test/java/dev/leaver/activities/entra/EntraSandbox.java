package dev.leaver.activities.entra;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.graph.GraphEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The demo tenant in an in-process sandbox and an {@link EntraTarget} pointed at it through the
 * real Graph SDK over HTTP. Each test gets a fresh tenant.
 */
abstract class EntraSandbox {
  static final String ADA = "ada.lovelace@contoso.example";
  static final String ADA_ID = "3f1c2a9e-7b4d-4c1e-9a51-0e5d6b2f1001";
  static final String GRACE = "grace.hopper@contoso.example";
  static final String ALAN = "alan.turing@contoso.example";
  static final String ALAN_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b3003";
  static final String ZOE = "zoe.vaughan@contoso.example";
  static final String ZOE_ID = "7d3e9f10-2a4b-4c5d-8e6f-a0b1c2d31004";
  static final String EMS = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
  static final String E3 = "6fd2c87f-b296-42f0-b197-1e91e994b900";
  static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  Sandbox sandbox;
  GraphEmulator graph;
  EntraTarget entra;
  final Target ada = new Target(new Leaver("E1001", ADA, GRACE), ADA_ID, "req-1");

  /** The hybrid leaver: synced from on-prem AD, her cloud-only access changed in Entra. */
  final Target zoe = new Target(new Leaver("E1004", ZOE, GRACE), ZOE_ID, "req-4");

  @BeforeEach
  void startSandbox() throws Exception {
    sandbox = Sandbox.startDemo(0);
    graph = sandbox.graph();
    entra = new EntraTarget(EntraConfig.sandbox(sandbox.baseUrl()));
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  TargetAction action(String name) {
    return entra.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  /** What the dispatcher does: snapshot, apply, receipt. */
  Receipt run(String action) {
    return run(action, ada);
  }

  Receipt run(String name, Target target) {
    TargetAction action = action(name);
    return new Attempt("entra", action, target, Clock.systemUTC(), 1, Progress.inMemory())
        .apply(action.snapshot(target));
  }

  /** Requests the sandbox served with this method, oldest first. */
  List<SandboxServer.Logged> requests(String method) {
    return sandbox.server().requests().stream().filter(q -> q.method().equals(method)).toList();
  }
}
