package dev.leaver.sandbox.hris;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One worker of the Workday emulator, as Leaver's termination report sees it.
 *
 * @param employeeId Workday's Employee ID, e.g. {@code E1001}
 * @param name the worker's name (the report's {@code Worker} column)
 * @param workEmail primary work e-mail
 * @param managerEmail the manager's work e-mail, or null
 * @param timeZone IANA zone of the worker's location
 * @param terminationDate the last day of work, or null when never terminated
 * @param involuntary whether the termination's reason is involuntary
 * @param terminationReason Workday's primary termination reason, e.g. {@code Terminate Employee >
 *     Voluntary > Resignation}
 * @param rescinded whether the termination was rescinded
 * @param rehireDate the hire date of a rehire after the termination, or null
 * @param lastUpdated when the worker's termination data last changed, or null when never
 */
public record WorkdayWorker(
    String employeeId,
    String name,
    String workEmail,
    String managerEmail,
    String timeZone,
    LocalDate terminationDate,
    boolean involuntary,
    String terminationReason,
    boolean rescinded,
    LocalDate rehireDate,
    Instant lastUpdated) {

  public WorkdayWorker {
    Objects.requireNonNull(employeeId, "employeeId == null");
  }

  WorkdayWorker terminated(LocalDate date, boolean isInvoluntary, Instant at) {
    String reason =
        isInvoluntary
            ? "Terminate Employee > Involuntary > Performance"
            : "Terminate Employee > Voluntary > Resignation";
    return new WorkdayWorker(
        employeeId,
        name,
        workEmail,
        managerEmail,
        timeZone,
        date,
        isInvoluntary,
        reason,
        false,
        null,
        at);
  }

  WorkdayWorker rescinded(Instant at) {
    return new WorkdayWorker(
        employeeId,
        name,
        workEmail,
        managerEmail,
        timeZone,
        terminationDate,
        involuntary,
        terminationReason,
        true,
        rehireDate,
        at);
  }

  WorkdayWorker rehired(LocalDate date, Instant at) {
    return new WorkdayWorker(
        employeeId,
        name,
        workEmail,
        managerEmail,
        timeZone,
        terminationDate,
        involuntary,
        terminationReason,
        rescinded,
        date,
        at);
  }
}
