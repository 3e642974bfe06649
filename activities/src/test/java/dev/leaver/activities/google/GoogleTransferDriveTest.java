package dev.leaver.activities.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.Fault;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Drive (and Calendar) transfer to the manager: asynchronous, irreversible, never twice. */
class GoogleTransferDriveTest {
  private static final String TRANSFERS = "/google/admin/datatransfer/v1/transfers";
  private GoogleSandbox g;
  private Target linus;

  @BeforeEach
  void start() throws Exception {
    g = GoogleSandbox.demo();
    linus = g.linus();
  }

  @AfterEach
  void stop() throws Exception {
    g.close();
  }

  @Test
  void theTransferIsRecordedInProgressAndVerifiedOnceGoogleSaysCompleted() {
    Receipt r = g.attempt("TransferDrive", linus).apply(g.snapshot("TransferDrive", linus));

    assertThat(r.after())
        .containsEntry(TransferDrive.STATUS, "inProgress")
        .containsKey(TransferDrive.TRANSFER_ID);
    assertThat(r.apiRequestId()).isEqualTo(r.after().get(TransferDrive.TRANSFER_ID));
    assertThat(g.emulator.driveFiles(GoogleSandbox.LINUS)).isEqualTo(214);

    assertThat(g.attempt("TransferDrive", linus).verify(r).accessRemoved()).isTrue();

    assertThat(g.emulator.driveFiles(GoogleSandbox.LINUS)).isZero();
    assertThat(g.emulator.driveFiles(GoogleSandbox.GRACE)).isEqualTo(120 + 214);
    assertThat(g.emulator.calendarEvents(GoogleSandbox.GRACE)).isEqualTo(38);
  }

  @Test
  void aTransferStillInProgressIsPolledAgainRatherThanParked() {
    g.emulator.holdTransfers(true);
    Receipt r = g.attempt("TransferDrive", linus).apply(g.snapshot("TransferDrive", linus));

    assertThatThrownBy(() -> g.attempt("TransferDrive", linus).verify(r))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(TransferDrive.POLL))
        .hasMessageContaining("inProgress");
    assertThat(g.emulator.driveFiles(GoogleSandbox.LINUS)).isEqualTo(214);

    g.emulator.holdTransfers(false);
    assertThat(g.attempt("TransferDrive", linus).verify(r).accessRemoved()).isTrue();
    assertThat(g.emulator.driveFiles(GoogleSandbox.LINUS)).isZero();
  }

  @Test
  void aLostAnswerToTheInsertDoesNotStartASecondTransfer() {
    Map<String, String> before = g.snapshot("TransferDrive", linus);
    g.sandbox.server().faults().add(Fault.dropAnswer("POST", TRANSFERS).times(1));
    Progress progress = Progress.inMemory();

    assertThatThrownBy(() -> g.attempt("TransferDrive", linus, progress).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(g.emulator.transfers()).hasSize(1);

    Receipt retried = g.attempt("TransferDrive", linus, progress).apply(before);

    assertThat(g.emulator.transfers()).hasSize(1);
    assertThat(g.emulator.transfers().get(0))
        .startsWith(retried.after().get(TransferDrive.TRANSFER_ID));
    assertThat(retried.changed()).isTrue();
    assertThat(retried.notes()).anyMatch(n -> n.contains("not started again"));
  }

  @Test
  void aTransferMadeBeforeThisStepIsNotTakenAsItsOwn() {
    Receipt earlier = g.attempt("TransferDrive", linus).apply(g.snapshot("TransferDrive", linus));

    Receipt now = g.attempt("TransferDrive", linus).apply(g.snapshot("TransferDrive", linus));

    assertThat(now.after().get(TransferDrive.TRANSFER_ID))
        .isNotEqualTo(earlier.after().get(TransferDrive.TRANSFER_ID));
    assertThat(g.emulator.transfers()).hasSize(2);
  }

  @Test
  void aLeaverWithoutAManagerParksTheStepAndNothingIsTransferred() {
    Target noManager = g.target(new Leaver("E1005", GoogleSandbox.LINUS, null));

    PlannedChange plan = g.attempt("TransferDrive", noManager).preview("google.TransferDrive");
    Receipt r = g.attempt("TransferDrive", noManager).apply(g.snapshot("TransferDrive", noManager));

    assertThat(plan.wouldChange()).isFalse();
    assertThat(r.changed()).isFalse();
    assertThat(r.remaining()).singleElement().asString().contains("no manager");
    assertThat(g.emulator.transfers()).isEmpty();
  }
}
