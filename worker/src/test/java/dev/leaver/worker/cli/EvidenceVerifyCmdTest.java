package dev.leaver.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.workflows.api.EvidenceRecord.Milestone;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code leaver evidence verify} as an auditor runs it on a store someone may have touched. */
class EvidenceVerifyCmdTest {
  private static final Instant T = Instant.parse("2026-11-30T09:00:00Z");

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run verify(String location) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new LeaverCli())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute("evidence", "verify", "--evidence", location);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeEach
  void threeRecords() {
    EvidenceStore store = EvidenceStores.open(dir.toString());
    for (String employee : List.of("E1", "E2", "E3")) {
      store.append(
          "offboarding-" + employee, "run-" + employee, Milestone.CLOSED, T, status(employee));
    }
  }

  @Test
  void anUntouchedStoreVerifiesWithItsRecordCount() {
    Run run = verify(dir.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo("evidence chain intact: 3 records in " + dir + System.lineSeparator());
  }

  @Test
  void tamperingWithOneRecordMakesVerifyFailNamingIt() throws IOException {
    Path second = dir.resolve("records/000000000002.json");
    // An operator turns a failed step into a successful one after the fact.
    Files.writeString(
        second,
        Files.readString(second)
            .replace("\"state\" : \"NEEDS_ATTENTION\"", "\"state\" : \"DONE\""));

    Run run = verify(dir.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("evidence chain BROKEN at record 2: " + second + System.lineSeparator())
        .contains("its content does not match its hash", "records 1 to 1 are intact");
  }

  @Test
  void removingARecordMakesVerifyFailNamingIt() throws IOException {
    Path second = dir.resolve("records/000000000002.json");
    Files.delete(second);

    Run run = verify(dir.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("evidence chain BROKEN at record 2: " + second)
        .contains("missing: the chain goes from record 1 to record 3");
  }

  @Test
  void aLocationThatIsNoStoreIsAClearErrorNotAStackTrace() {
    Run run = verify("ftp://example.com/evidence");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "evidence location ftp://example.com/evidence: not a directory or an s3:// address"
                + System.lineSeparator());
  }

  private static OffboardingStatus status(String employee) {
    Receipt receipt =
        new Receipt(
            "slack",
            "DeactivateUser",
            "U-" + employee,
            Map.of("active", "true"),
            Map.of("active", "false"),
            true,
            true,
            "req-1",
            null,
            T,
            T.plusSeconds(1),
            1,
            null,
            null);
    StepStatus parked =
        new StepStatus(
            "entra.DisableAccount",
            "entra",
            "DisableAccount",
            Stage.KILL_SWITCH,
            true,
            StepState.NEEDS_ATTENTION,
            null,
            T,
            null,
            null,
            3,
            "403 Forbidden",
            null,
            null);
    StepStatus done =
        new StepStatus(
            "slack.DeactivateUser",
            "slack",
            "DeactivateUser",
            Stage.KILL_SWITCH,
            true,
            StepState.DONE,
            null,
            T,
            T.plusSeconds(1),
            null,
            1,
            null,
            null,
            receipt);
    return new OffboardingStatus(
        employee,
        Phase.NEEDS_ATTENTION,
        T,
        T,
        null,
        (Duration) null,
        true,
        null,
        List.of(parked, done),
        null,
        null,
        null);
  }
}
