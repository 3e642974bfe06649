package dev.leaver.devtools;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.worker.DevSandbox;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.worker.intake.StarterConfig;
import java.io.IOException;

/** {@code --sandbox} of the worker, the starter and {@code check}: the demo tenant in this JVM. */
public final class InProcessSandbox implements DevSandbox {

  @Override
  public Tenant startDemo(int port) throws IOException {
    Sandbox sandbox = Sandbox.startDemo(port);
    return new Tenant() {
      @Override
      public String baseUrl() {
        return sandbox.baseUrl();
      }

      @Override
      public void close() {
        sandbox.close();
      }
    };
  }

  @Override
  public StarterConfig starterConfig(
      String baseUrl, WorkerConfig.Temporal temporal, String host, int port) {
    return SandboxHris.config(baseUrl, temporal, host, port, null);
  }
}
