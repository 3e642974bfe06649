package dev.leaver.sandbox.hris;

import dev.leaver.sandbox.hris.BambooHrEmployee.StatusRow;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * The Get Employee fields the BambooHR emulator answers, named as in BambooHR's field list
 * (documentation.bamboohr.com/docs/list-of-field-names). {@code supervisorEmail} is assumed to be a
 * field of that list; clients that do not get it can follow {@code supervisorEId}.
 */
final class BambooHrFields {
  private static final Set<String> KNOWN =
      Set.of(
          "firstName",
          "lastName",
          "displayName",
          "workEmail",
          "location",
          "status",
          "employmentHistoryStatus",
          "hireDate",
          "terminationDate",
          "supervisorEId",
          "supervisor",
          "supervisorEmail");

  private BambooHrFields() {}

  static boolean known(String field) {
    return KNOWN.contains(field);
  }

  /** The field's value as BambooHR renders it: strings, null when empty. */
  static String value(
      BambooHrEmployee e, String field, Map<String, BambooHrEmployee> all, LocalDate today) {
    BambooHrEmployee supervisor = e.supervisorEId() == null ? null : all.get(e.supervisorEId());
    StatusRow current = e.current(today);
    StatusRow latest = e.latest();
    return switch (field) {
      case "firstName" -> e.firstName();
      case "lastName" -> e.lastName();
      case "displayName" -> e.firstName() + " " + e.lastName();
      case "workEmail" -> e.workEmail();
      case "location" -> e.location();
      case "status" -> e.status(today);
      case "employmentHistoryStatus" -> current == null ? null : current.employmentStatus();
      case "hireDate" ->
          e.employmentStatus().isEmpty() ? null : e.employmentStatus().get(0).date().toString();
      // Shown once a termination is entered, even future-dated; cleared by a rehire.
      case "terminationDate" ->
          latest != null && latest.terminated() ? latest.date().toString() : null;
      case "supervisorEId" -> e.supervisorEId();
      case "supervisor" ->
          supervisor == null ? null : supervisor.lastName() + ", " + supervisor.firstName();
      case "supervisorEmail" -> supervisor == null ? null : supervisor.workEmail();
      default -> throw new IllegalArgumentException("not a known field: " + field);
    };
  }
}
