package dev.leaver.starter.hris;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One HR event about a leaver, normalised from whichever HRIS sent it.
 *
 * @param kind a termination (new, or with a changed date), its cancellation, or a rehire
 * @param source {@code bamboohr}, {@code gusto}, {@code hibob}, {@code standard}, {@code workday},
 *     {@code csv}
 * @param eventId the vendor's event or delivery id, used to drop redeliveries
 * @param eventAt when the HRIS recorded the event
 * @param employeeId the HRIS employee id; the workflow id is {@code offboarding-<employeeId>}
 * @param upn the work e-mail / UPN (required for a termination)
 * @param managerUpn the manager's work e-mail, may be null
 * @param effectiveDate the last day worked, in {@code timeZone}; null when {@code effectiveAt} is
 *     given
 * @param effectiveAt an exact instant when the HRIS gives one; null otherwise
 * @param timeZone the HRIS's (or the employee's site's) time zone, an IANA id
 * @param involuntary an involuntary termination
 * @param population the policy population HR puts the leaver in ({@code contractor}, …); null when
 *     the source does not say
 * @param legalHold HR says the leaver's accounts are under a legal hold: nothing is deleted
 */
public record TerminationEvent(
    Kind kind,
    String source,
    String eventId,
    Instant eventAt,
    String employeeId,
    String upn,
    String managerUpn,
    LocalDate effectiveDate,
    Instant effectiveAt,
    String timeZone,
    boolean involuntary,
    String population,
    boolean legalHold) {

  /** An event from a source that says nothing of populations or legal holds. */
  public TerminationEvent(
      Kind kind,
      String source,
      String eventId,
      Instant eventAt,
      String employeeId,
      String upn,
      String managerUpn,
      LocalDate effectiveDate,
      Instant effectiveAt,
      String timeZone,
      boolean involuntary) {
    this(
        kind,
        source,
        eventId,
        eventAt,
        employeeId,
        upn,
        managerUpn,
        effectiveDate,
        effectiveAt,
        timeZone,
        involuntary,
        null,
        false);
  }

  /** What the event means for the leaver's offboarding. */
  public enum Kind {
    /** Terminated, or the termination date changed. */
    TERMINATION,
    /** The termination was withdrawn. */
    CANCELLATION,
    /** Rehired: before the kill switch the run is rescinded, after it compensated. */
    REHIRE
  }

  /**
   * When access must end for a last day worked: the start of the next day in the zone. HR systems
   * give the last day; this is the one place that reads it.
   */
  public static Instant accessEnds(LocalDate lastDayWorked, java.time.ZoneId zone) {
    return lastDayWorked.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /**
   * When access must end: the exact instant when given, else the end of the last day worked; null
   * when the event carries neither (a cancellation or rehire). No zone means UTC.
   */
  public Instant accessEnds() {
    if (effectiveAt != null) {
      return effectiveAt;
    }
    return effectiveDate == null
        ? null
        : accessEnds(effectiveDate, java.time.ZoneId.of(timeZone == null ? "UTC" : timeZone));
  }

  public TerminationEvent {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(employeeId, "employeeId == null");
  }
}
