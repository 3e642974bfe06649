package dev.leaver.workflows.api;

import dev.leaver.workflows.contract.Leaver;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A termination as the workflow receives it.
 *
 * @param employeeId HRIS employee id; the workflow id is {@code offboarding-<employeeId>}
 * @param upn user principal name or work e-mail
 * @param managerUpn manager's UPN or e-mail for the handover; may be null
 * @param effectiveAt when access must end; a time in the past runs at once
 * @param zone the HRIS's time zone the effective time was given in (for the evidence)
 * @param hrEventId the HRIS event id, for dedupe and the evidence
 * @param hrEventAt when the HRIS recorded the termination: the start of the latency clock
 * @param source where the event came from, e.g. {@code bamboohr}, {@code cli}
 * @param involuntary an involuntary termination
 * @param dryRun resolve and snapshot only, write nothing
 * @param held started by the mass-termination brake: nothing is written until an operator's {@code
 *     release}
 * @param population who the leaver is for the policy ({@code "employee"}, {@code "contractor"}, …);
 *     null means {@code "employee"}
 * @param legalHold HR says the leaver's accounts are under a legal hold: nothing of theirs is
 *     deleted until an operator lifts it ({@code setLegalHold})
 */
public record OffboardingRequest(
    String employeeId,
    String upn,
    String managerUpn,
    Instant effectiveAt,
    String zone,
    String hrEventId,
    Instant hrEventAt,
    String source,
    boolean involuntary,
    boolean dryRun,
    boolean held,
    String population,
    boolean legalHold) {

  private static final Pattern EMPLOYEE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public OffboardingRequest {
    Objects.requireNonNull(employeeId, "employeeId == null");
    if (!EMPLOYEE_ID.matcher(employeeId).matches()) {
      throw new IllegalArgumentException(
          "employeeId must be 1-64 letters, digits, '.', '_' or '-': " + employeeId);
    }
    if (upn == null || upn.isBlank()) {
      throw new IllegalArgumentException("upn is required");
    }
    Objects.requireNonNull(effectiveAt, "effectiveAt == null");
    zone = zone == null ? "UTC" : ZoneId.of(zone).getId();
    hrEventAt = hrEventAt == null ? effectiveAt : hrEventAt;
    source = source == null ? "manual" : source;
    population = population == null || population.isBlank() ? null : population.trim();
  }

  public OffboardingRequest(
      String employeeId,
      String upn,
      String managerUpn,
      Instant effectiveAt,
      String zone,
      String hrEventId,
      Instant hrEventAt,
      String source,
      boolean involuntary,
      boolean dryRun,
      boolean held) {
    this(
        employeeId,
        upn,
        managerUpn,
        effectiveAt,
        zone,
        hrEventId,
        hrEventAt,
        source,
        involuntary,
        dryRun,
        held,
        null,
        false);
  }

  public OffboardingRequest(
      String employeeId,
      String upn,
      String managerUpn,
      Instant effectiveAt,
      String zone,
      String hrEventId,
      Instant hrEventAt,
      String source,
      boolean involuntary,
      boolean dryRun,
      boolean held,
      String population) {
    this(
        employeeId,
        upn,
        managerUpn,
        effectiveAt,
        zone,
        hrEventId,
        hrEventAt,
        source,
        involuntary,
        dryRun,
        held,
        population,
        false);
  }

  /** A request that is not held by the brake. */
  public OffboardingRequest(
      String employeeId,
      String upn,
      String managerUpn,
      Instant effectiveAt,
      String zone,
      String hrEventId,
      Instant hrEventAt,
      String source,
      boolean involuntary,
      boolean dryRun) {
    this(
        employeeId,
        upn,
        managerUpn,
        effectiveAt,
        zone,
        hrEventId,
        hrEventAt,
        source,
        involuntary,
        dryRun,
        false);
  }

  /** The same request, held by the mass-termination brake. */
  public OffboardingRequest asHeld() {
    return new OffboardingRequest(
        employeeId,
        upn,
        managerUpn,
        effectiveAt,
        zone,
        hrEventId,
        hrEventAt,
        source,
        involuntary,
        dryRun,
        true,
        population,
        legalHold);
  }

  /** The same request for a leaver of this population. */
  public OffboardingRequest withPopulation(String name) {
    return new OffboardingRequest(
        employeeId,
        upn,
        managerUpn,
        effectiveAt,
        zone,
        hrEventId,
        hrEventAt,
        source,
        involuntary,
        dryRun,
        held,
        name,
        legalHold);
  }

  /** The same request, with HR's legal-hold flag. */
  public OffboardingRequest withLegalHold(boolean hold) {
    return new OffboardingRequest(
        employeeId,
        upn,
        managerUpn,
        effectiveAt,
        zone,
        hrEventId,
        hrEventAt,
        source,
        involuntary,
        dryRun,
        held,
        population,
        hold);
  }

  /**
   * Whether an HR system triggered this run (a webhook, the Workday poll, a CSV import), as opposed
   * to an operator ({@code leaver start}: {@code cli}, {@code file}, {@code manual}).
   */
  public boolean fromHr() {
    return !java.util.Set.of("cli", "file", "manual").contains(source);
  }

  /** The person, as connectors see them. */
  public Leaver leaver() {
    return new Leaver(employeeId, upn, managerUpn);
  }
}
