package dev.leaver.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.worker.DevSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The devtools' {@code leaver}: the production CLI with the real developer's commands in it. */
class DevCliTest {

  private record Run(int exit, String out, String err) {}

  private static Run leaver(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DevCli.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void demoBenchAndSandboxAreTheRealCommandsWithTheirOwnOptionsAndTheCommonFlags() {
    assertThat(leaver("demo", "--help").out())
        .startsWith("Usage: leaver demo")
        .contains("--evidence", "PROFILE", "--version");
    assertThat(leaver("bench", "--help").out())
        .startsWith("Usage: leaver bench")
        .contains("--leavers", "--version");
    assertThat(leaver("sandbox", "--help").out())
        .startsWith("Usage: leaver sandbox")
        .contains("--tenant", "--version");
    assertThat(leaver("--help").out())
        .contains("demo", "bench", "sandbox", "worker", "starter")
        .doesNotContain("(devtools)");
  }

  @Test
  void theDemoRunsHereAndRefusesAnUnknownProfileByName() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream before = System.err;
    Run run;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      run = leaver("demo", "nobody");
    } finally {
      System.setErr(before);
    }

    assertThat(run.exit()).isEqualTo(2);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("unknown demo profile 'nobody'; known: hybrid, developer");
    assertThat(run.err()).doesNotContain("devtools distribution");
  }

  @Test
  void theSandboxFlagFindsTheInProcessSandboxAndItServesTheTenant() throws Exception {
    DevSandbox sandbox = DevSandbox.installed().orElseThrow();
    try (DevSandbox.Tenant tenant = sandbox.startDemo(0)) {
      HttpResponse<String> faults =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(tenant.baseUrl() + "/_sandbox/faults")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(tenant.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(faults.statusCode()).isEqualTo(200);
    }
  }
}
