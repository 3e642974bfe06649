package dev.leaver.devtools;

import dev.leaver.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leaver sandbox}: the tenant in a process of its own, which outlives a killed worker. */
@Command(
    name = "sandbox",
    description =
        "Serve the sandbox tenant (Graph, Slack, HRIS emulators and the /_sandbox admin API) until killed.")
final class SandboxCmd implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8089",
      description = "loopback port, 0 = any free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--tenant",
      paramLabel = "FILE",
      description = "tenant YAML (default: the demo tenant)")
  Path tenant;

  @Override
  public Integer call() throws Exception {
    Sandbox sb =
        Sandbox.start(
            port,
            tenant == null ? Sandbox.readTenant(Sandbox.DEMO_TENANT) : Sandbox.readTenant(tenant));
    Runtime.getRuntime().addShutdownHook(new Thread(sb::close));
    // The base URL alone on a line: scripts read it (with --port 0).
    System.out.println(sb.baseUrl());
    System.out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
