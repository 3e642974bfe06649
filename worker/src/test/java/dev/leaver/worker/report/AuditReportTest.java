package dev.leaver.worker.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.EvidenceRecord.Milestone;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report's rows and totals over real runs (the workflow on the time-skipping test server). */
class AuditReportTest {
  static LeaverRuns runs;
  static ReportWindow tenDays;
  static AuditReport report;
  static Map<String, ReportRow> byEmployee;

  @BeforeAll
  static void run() {
    runs = LeaverRuns.shared();
    tenDays = new ReportWindow(runs.start.minusSeconds(1), runs.start.plus(Duration.ofDays(10)));
    report =
        AuditReport.of(
            runs.records, tenDays, Duration.ofHours(1), runs.now(), "test", "chain intact");
    byEmployee =
        report.rows().stream()
            .collect(Collectors.toMap(ReportRow::employeeId, Function.identity()));
  }

  @Test
  void oneRowPerRunInTheWindowAndNoneOutsideIt() {
    assertThat(report.rows())
        .extracting(ReportRow::employeeId)
        .containsExactlyInAnyOrder("E2001", "E2002", "E2003", "E2004", "E2005", "E2006");
    AuditReport later =
        AuditReport.of(
            runs.records,
            new ReportWindow(
                runs.start.plus(Duration.ofDays(40)), runs.start.plus(Duration.ofDays(50))),
            Duration.ofHours(1),
            runs.now(),
            "test",
            "chain intact");
    assertThat(later.rows()).extracting(ReportRow::employeeId).containsExactly("E2007");
    assertThat(later.totals().runs()).isEqualTo(1);
  }

  @Test
  void theClosedRecordBeatsTheKillSwitchRecordAndARunWithOnlyTheLatterIsInProgress() {
    assertThat(byEmployee.get("E2001").evidence()).startsWith(Milestone.CLOSED.name());
    assertThat(byEmployee.get("E2001").outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(byEmployee.get("E2006").evidence()).startsWith(Milestone.KILL_SWITCH_DONE.name());
    assertThat(byEmployee.get("E2006").outcomeText()).isEqualTo("in progress (HANDOVER)");
    assertThat(byEmployee.get("E2006").handoverEnded()).isFalse();
  }

  @Test
  void aCompletedRunShowsEachSystemsKillSwitchTheLatencyTheSlaMetAndItsThirtyDayHandover() {
    ReportRow r = byEmployee.get("E2001");
    assertThat(r.workflowId()).isEqualTo("offboarding-E2001");
    assertThat(r.runId()).isNotBlank();
    assertThat(r.killSwitch())
        .extracting(SystemKillSwitch::system)
        .containsExactly("entra", "slack");
    assertThat(r.killSwitch())
        .allSatisfy(
            k ->
                assertThat(k.completedAt())
                    .isNotNull()
                    .isAfterOrEqualTo(r.effectiveAt())
                    .isBeforeOrEqualTo(r.killSwitchCompletedAt()));
    assertThat(r.latency())
        .isEqualTo(Duration.between(r.hrEventAt(), r.killSwitchCompletedAt()))
        .isLessThan(Duration.ofMinutes(1));
    assertThat(r.sla()).isEqualTo(Sla.MET);
    assertThat(r.exceptions()).isEmpty();
    assertThat(r.handoverEnded()).isTrue();
    assertThat(Duration.between(r.handoverStart(), r.handoverEnd()))
        .isGreaterThanOrEqualTo(Duration.ofDays(30));
  }

  @Test
  void aRescindedRunSaysWhyAndKeepsTheTimesItsKillSwitchRan() {
    ReportRow r = byEmployee.get("E2002");
    assertThat(r.outcome()).isEqualTo(Outcome.RESCINDED);
    assertThat(r.outcomeText()).isEqualTo("rescinded: termination withdrawn by HR, ticket HR-77");
    assertThat(r.killSwitch())
        .allSatisfy(
            k ->
                assertThat(k.completedAt())
                    .isNotNull()
                    .isBeforeOrEqualTo(r.killSwitchCompletedAt()));
    assertThat(r.sla()).isEqualTo(Sla.MET);
    assertThat(r.exceptions()).as("undone by the rescind, not exceptions").isEmpty();
  }

  @Test
  void aStepSkippedByAnOperatorIsAnExceptionWithTheReason() {
    ReportRow r = byEmployee.get("E2003");
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.sla()).as("a clean-up step does not hold up the kill switch").isEqualTo(Sla.MET);
    assertThat(r.exceptions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.stepId()).isEqualTo("entra.RemoveGroupMemberships");
              assertThat(e.state()).isEqualTo("skipped");
              assertThat(e.reason())
                  .isEqualTo("dynamic group \"All staff, London\"; rule changed by IT");
              assertThat(e.at()).isNotNull();
            });
  }

  @Test
  void aSkipNoteThatNamesTheOperatorFillsTheOperatorColumn() {
    // As runs write it since updates name their operator: "skipped by operator <who>: <why>".
    EvidenceRecord e2003 =
        runs.records.stream()
            .filter(
                r ->
                    r.workflowId().equals("offboarding-E2003") && r.milestone() == Milestone.CLOSED)
            .findFirst()
            .orElseThrow();
    List<StepStatus> steps =
        e2003.status().steps().stream()
            .map(
                st ->
                    !st.stepId().equals("entra.RemoveGroupMemberships")
                        ? st
                        : new StepStatus(
                            st.stepId(),
                            st.system(),
                            st.action(),
                            st.stage(),
                            st.reversible(),
                            st.state(),
                            st.dueAt(),
                            st.startedAt(),
                            st.completedAt(),
                            st.verifiedAt(),
                            st.attempts(),
                            st.lastError(),
                            "skipped by operator temporal-cli:root@ops-7: dynamic group; rule changed by IT",
                            st.receipt()))
            .toList();
    OffboardingStatus s = e2003.status();
    EvidenceRecord named =
        new EvidenceRecord(
            e2003.sequence(),
            e2003.workflowId(),
            e2003.runId(),
            e2003.milestone(),
            e2003.recordedAt(),
            new OffboardingStatus(
                s.employeeId(),
                s.phase(),
                s.effectiveAt(),
                s.hrEventAt(),
                s.killSwitchCompletedAt(),
                s.hrEventToKillSwitch(),
                s.needsAttention(),
                s.rescindReason(),
                steps,
                s.plannedChanges(),
                s.deletion(),
                s.notificationOnly()),
            e2003.previousHash(),
            e2003.hash());

    assertThat(ReportRow.of(named, Duration.ofHours(1)).exceptions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.operator()).isEqualTo("temporal-cli:root@ops-7");
              assertThat(e.reason()).isEqualTo("dynamic group; rule changed by IT");
            });
    assertThat(byEmployee.get("E2003").exceptions().get(0).operator())
        .as("the run's own record of who skipped")
        .isEqualTo(LeaverRuns.OPERATOR);
  }

  @Test
  void aSystemWhereTheLeaverHadNoAccountSaysSoInsteadOfATime() {
    // As the workflow records it: Resolve found nobody, the system's steps closed with nothing to
    // do.
    EvidenceRecord e2001 =
        runs.records.stream()
            .filter(
                r ->
                    r.workflowId().equals("offboarding-E2001") && r.milestone() == Milestone.CLOSED)
            .findFirst()
            .orElseThrow();
    OffboardingStatus s = e2001.status();
    List<StepStatus> steps =
        s.steps().stream()
            .map(
                st ->
                    !st.system().equals("slack")
                        ? st
                        : new StepStatus(
                            st.stepId(),
                            st.system(),
                            st.action(),
                            st.stage(),
                            st.reversible(),
                            dev.leaver.workflows.api.StepState.NO_CHANGE,
                            st.dueAt(),
                            st.startedAt(),
                            st.completedAt(),
                            null,
                            st.attempts(),
                            null,
                            st.action().equals("Resolve")
                                ? "no account: nobody with that e-mail"
                                : "no account in slack",
                            null))
            .toList();
    EvidenceRecord noSlack =
        new EvidenceRecord(
            e2001.sequence(),
            e2001.workflowId(),
            e2001.runId(),
            e2001.milestone(),
            e2001.recordedAt(),
            new OffboardingStatus(
                s.employeeId(),
                s.phase(),
                s.effectiveAt(),
                s.hrEventAt(),
                s.killSwitchCompletedAt(),
                s.hrEventToKillSwitch(),
                s.needsAttention(),
                s.rescindReason(),
                steps,
                s.plannedChanges(),
                s.deletion(),
                s.notificationOnly()),
            e2001.previousHash(),
            e2001.hash());

    ReportRow r = ReportRow.of(noSlack, Duration.ofHours(1));
    assertThat(r.killSwitch().get(1)).isEqualTo(new SystemKillSwitch("slack", null, "no account"));
    assertThat(r.killSwitch().get(0).completedAt()).isNotNull();
    assertThat(ReportText.killSwitch(r)).endsWith("slack no account");
  }

  @Test
  void aGrantThatChangedNothingIsNoHandover() {
    EvidenceRecord e2001 = closed("E2001");
    EvidenceRecord nothingGranted =
        withSteps(
            e2001,
            st ->
                !st.stage().name().equals("HANDOVER")
                    ? st
                    : new StepStatus(
                        st.stepId(),
                        st.system(),
                        st.action(),
                        st.stage(),
                        st.reversible(),
                        dev.leaver.workflows.api.StepState.NO_CHANGE,
                        null,
                        st.startedAt(),
                        st.completedAt(),
                        null,
                        st.attempts(),
                        null,
                        "no account in entra",
                        null));

    ReportRow r = ReportRow.of(nothingGranted, Duration.ofHours(1));
    assertThat(r.handoverStart()).isNull();
    assertThat(r.handoverEnd()).isNull();
    assertThat(ReportRow.of(e2001, Duration.ofHours(1)).handoverStart()).isNotNull();
  }

  private static EvidenceRecord closed(String employeeId) {
    return runs.records.stream()
        .filter(
            r ->
                r.workflowId().equals("offboarding-" + employeeId)
                    && r.milestone() == Milestone.CLOSED)
        .findFirst()
        .orElseThrow();
  }

  /** The same record with some steps changed, as the workflow would have recorded them. */
  private static EvidenceRecord withSteps(
      EvidenceRecord r, java.util.function.UnaryOperator<StepStatus> change) {
    OffboardingStatus s = r.status();
    return new EvidenceRecord(
        r.sequence(),
        r.workflowId(),
        r.runId(),
        r.milestone(),
        r.recordedAt(),
        new OffboardingStatus(
            s.employeeId(),
            s.phase(),
            s.effectiveAt(),
            s.hrEventAt(),
            s.killSwitchCompletedAt(),
            s.hrEventToKillSwitch(),
            s.needsAttention(),
            s.rescindReason(),
            s.steps().stream().map(change).toList(),
            s.plannedChanges(),
            s.deletion(),
            s.notificationOnly()),
        r.previousHash(),
        r.hash());
  }

  @Test
  void aDryRunHasNoKillSwitchAndNoSla() {
    ReportRow r = byEmployee.get("E2004");
    assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN);
    assertThat(r.killSwitch()).isEmpty();
    assertThat(r.latency()).isNull();
    assertThat(r.sla()).isEqualTo(Sla.NOT_APPLICABLE);
    assertThat(r.handoverStart()).isNull();
  }

  @Test
  void aKillSwitchParkedForTwoHoursBreachesAnHourLongSla() {
    ReportRow r = byEmployee.get("E2005");
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.latency())
        .isGreaterThanOrEqualTo(Duration.ofHours(2))
        .isLessThan(Duration.ofHours(3));
    assertThat(r.sla()).isEqualTo(Sla.BREACHED);
    Instant entra = r.killSwitch().get(0).completedAt();
    Instant slack = r.killSwitch().get(1).completedAt();
    // Entra's may end a moment after Slack parked, and the two hours run from the parking.
    assertThat(Duration.between(entra, slack))
        .as("Slack's kill switch ended about two hours after Entra's")
        .isGreaterThan(Duration.ofMinutes(119));
    assertThat(r.exceptions()).as("retried, not skipped: no exception left").isEmpty();
  }

  @Test
  void anOpenRunWithAParkedKillSwitchIsPendingUntilTheMaximumPassesThenBreached() {
    List<EvidenceRecord> withoutE2005 =
        runs.records.stream().filter(r -> !r.workflowId().equals("offboarding-E2005")).toList();
    var open =
        List.of(new AuditReport.OpenRun("offboarding-E2005", runs.e2005Run, runs.e2005Parked));
    Instant effective = runs.e2005Parked.effectiveAt();

    AuditReport early =
        AuditReport.of(
            withoutE2005,
            open,
            tenDays,
            Duration.ofHours(1),
            effective.plus(Duration.ofMinutes(30)),
            "test",
            "chain intact");
    ReportRow r =
        early.rows().stream().filter(x -> x.employeeId().equals("E2005")).findFirst().orElseThrow();
    assertThat(r.sla()).isEqualTo(Sla.PENDING);
    assertThat(r.outcome()).isEqualTo(Outcome.IN_PROGRESS);
    assertThat(r.evidence()).isEqualTo("live status (no record yet)");
    assertThat(r.exceptions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.stepId()).isEqualTo("slack.DeactivateUser");
              assertThat(e.state()).isEqualTo("needs attention");
              assertThat(e.reason()).contains("403");
            });
    assertThat(early.totals().slaPending()).isEqualTo(1);

    AuditReport late =
        AuditReport.of(
            withoutE2005,
            open,
            tenDays,
            Duration.ofHours(1),
            effective.plus(Duration.ofMinutes(61)),
            "test",
            "chain intact");
    assertThat(late.rows())
        .filteredOn(x -> x.employeeId().equals("E2005"))
        .singleElement()
        .extracting(ReportRow::sla)
        .isEqualTo(Sla.BREACHED);

    AuditReport recorded =
        AuditReport.of(
            runs.records,
            open,
            tenDays,
            Duration.ofHours(1),
            effective.plus(Duration.ofDays(1)),
            "test",
            "chain intact");
    assertThat(recorded.rows())
        .filteredOn(x -> x.employeeId().equals("E2005"))
        .singleElement()
        .as("the store's record wins over a live status of the same run")
        .extracting(ReportRow::evidence)
        .asString()
        .startsWith("CLOSED");
  }

  @Test
  void totalsCountOutcomesSlaExceptionsAndLatencyPercentiles() {
    Totals t = report.totals();
    assertThat(t.runs()).isEqualTo(6);
    assertThat(t.byOutcome())
        .containsEntry(Outcome.COMPLETED, 3)
        .containsEntry(Outcome.RESCINDED, 1)
        .containsEntry(Outcome.DRY_RUN, 1)
        .containsEntry(Outcome.IN_PROGRESS, 1)
        .containsEntry(Outcome.NEEDS_ATTENTION, 0);
    assertThat(t.slaMet()).isEqualTo(4);
    assertThat(t.slaBreached()).isEqualTo(1);
    assertThat(t.slaNotApplicable()).isEqualTo(1);
    assertThat(t.exceptions()).isEqualTo(1);
    assertThat(t.runsWithExceptions()).isEqualTo(1);
    // Five latencies: four of seconds, one of two hours. Nearest rank: p50 the 3rd, p95 the 5th.
    assertThat(t.latencyMax()).isEqualTo(byEmployee.get("E2005").latency());
    assertThat(t.latencyP95()).isEqualTo(t.latencyMax());
    assertThat(t.latencyP50()).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void aStricterSlaTurnsMetIntoBreached() {
    AuditReport strict =
        AuditReport.of(runs.records, tenDays, Duration.ZERO, runs.now(), "test", "chain intact");
    assertThat(strict.totals().slaBreached())
        .isEqualTo(
            (int)
                strict.rows().stream()
                    .filter(r -> r.latency() != null && r.latency().compareTo(Duration.ZERO) > 0)
                    .count());
    assertThat(strict.totals().slaMet() + strict.totals().slaBreached()).isEqualTo(5);
  }
}
