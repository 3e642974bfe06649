package dev.leaver.starter.hris;

import java.time.LocalDate;

/**
 * What an HRIS API says about one employee, for payloads that carry only ids.
 *
 * @param employeeId the HRIS's id
 * @param workEmail work e-mail / UPN
 * @param managerEmail the manager's work e-mail, or null
 * @param terminated whether the HRIS shows the employee as terminated
 * @param terminationDate last day worked, or null
 * @param timeZone IANA zone of the employee's location, or null for the company default
 * @param involuntary whether the termination is involuntary, when the HRIS says
 */
public record EmployeeRecord(
    String employeeId,
    String workEmail,
    String managerEmail,
    boolean terminated,
    LocalDate terminationDate,
    String timeZone,
    boolean involuntary) {}
