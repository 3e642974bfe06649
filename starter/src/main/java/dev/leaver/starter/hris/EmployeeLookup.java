package dev.leaver.starter.hris;

/**
 * Reads one employee from an HRIS API, for webhooks whose payload carries only ids (BambooHR,
 * HiBob, Gusto). One implementation per vendor.
 */
public interface EmployeeLookup {

  /**
   * @param employeeId the HRIS's id for the employee
   * @return the employee's details and termination, or null when the HRIS has no such employee
   * @throws HrisUnavailable when the API cannot be reached, throttles or fails (5xx)
   */
  EmployeeRecord employee(String employeeId) throws HrisUnavailable;
}
