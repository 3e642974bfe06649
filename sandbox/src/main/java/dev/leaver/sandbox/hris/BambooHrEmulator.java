package dev.leaver.sandbox.hris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.hris.BambooHrEmployee.StatusRow;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BambooHR's REST API v1 at {@code /bamboohr/api/gateway.php/{companyDomain}/v1/...}: Get Employee
 * ({@code employees/{id}?fields=...}) and Get Employee Table Data ({@code
 * employees/{id}/tables/employmentStatus}), seeded from the tenant file's {@code bamboohr:}
 * section. Point a client at {@code baseUrl + "/bamboohr"} where production uses {@code
 * https://api.bamboohr.com}.
 *
 * <p>As documented (documentation.bamboohr.com/docs/api-details, the public OpenAPI spec): HTTP
 * Basic with the API key as the user name and any password; 401 without a valid key; 404 for an
 * unknown employee or table; 403 when the key may not see the data; requested fields the caller may
 * not see are left out of the answer; {@code status} is Active or Inactive, and a future-dated
 * termination leaves the employee Active until it takes effect. Assumed, not documented: errors
 * carry only an {@code X-BambooHR-Error-Message} header; a wrong company domain answers 401;
 * unknown field names are left out; the sandbox answers JSON only (406 without {@code Accept:
 * application/json}, where BambooHR would answer XML).
 *
 * <p>Tests change employees with {@link #terminate}, {@link #cancelTermination} and {@link
 * #rehire}, and hide a field or table from the key with {@link #restrict}.
 */
public final class BambooHrEmulator implements Emulator {
  static final String GATEWAY = "/bamboohr/api/gateway.php/";

  private final String companyDomain;
  private final List<String> apiKeys = new ArrayList<>();
  private final Clock clock;
  private final Map<String, BambooHrEmployee> employees = new LinkedHashMap<>(); // guarded by this
  private final Set<String> restricted = ConcurrentHashMap.newKeySet();
  private int rowIds; // guarded by this

  /** Seeds the company from the tenant file's {@code bamboohr:} section. */
  public BambooHrEmulator(JsonNode section) {
    this(section, Clock.systemUTC());
  }

  /** As {@link #BambooHrEmulator(JsonNode)}, with the clock that decides which rows are current. */
  public BambooHrEmulator(JsonNode section, Clock clock) {
    this.clock = clock;
    this.companyDomain = section.path("companyDomain").asText("contoso");
    section.path("apiKeys").forEach(k -> apiKeys.add(k.asText()));
    for (JsonNode n : section.path("employees")) {
      List<StatusRow> rows = new ArrayList<>();
      for (JsonNode r : n.path("employmentStatus")) {
        rows.add(
            new StatusRow(
                Integer.toString(++rowIds),
                LocalDate.parse(r.path("date").asText()),
                r.path("employmentStatus").asText(),
                text(r, "terminationTypeId"),
                text(r, "terminationReasonId")));
      }
      BambooHrEmployee e =
          new BambooHrEmployee(
              n.path("id").asText(),
              text(n, "firstName"),
              text(n, "lastName"),
              text(n, "workEmail"),
              text(n, "supervisorEId"),
              text(n, "location"),
              rows);
      employees.put(e.id(), e);
    }
  }

  @Override
  public String prefix() {
    return "/bamboohr";
  }

  @Override
  public HttpResponse handle(HttpRequest r) {
    if (!r.path().startsWith(GATEWAY)) {
      return error(404, "not emulated: " + r.path());
    }
    String[] p = r.path().substring(GATEWAY.length()).split("/");
    Credentials.Basic basic = Credentials.basic(r);
    if (basic == null
        || !Credentials.matchesAny(basic.user(), apiKeys)
        || !p[0].equals(companyDomain)) {
      return error(401, "Invalid API key");
    }
    if (!r.method().equals("GET")) {
      return error(405, r.method() + " is not emulated");
    }
    String accept = r.header("Accept");
    if (accept == null || !accept.contains("application/json")) {
      return error(406, "the sandbox answers JSON only: send Accept: application/json");
    }
    boolean employeePath = p.length >= 4 && p[1].equals("v1") && p[2].equals("employees");
    if (employeePath && p.length == 4) {
      return employee(p[3], r.query().getOrDefault("fields", "firstName,lastName"));
    }
    if (employeePath && p.length == 6 && p[4].equals("tables")) {
      return table(p[3], p[5]);
    }
    return error(404, "not emulated: " + r.path());
  }

  private synchronized HttpResponse employee(String id, String fields) {
    BambooHrEmployee e = employees.get(id);
    if (e == null) {
      return error(404, "Employee not found");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", e.id());
    for (String f : fields.split(",")) {
      String field = f.trim();
      if (!restricted.contains(field) && BambooHrFields.known(field)) {
        out.put(field, BambooHrFields.value(e, field, employees, today()));
      }
    }
    return HttpResponse.json(200, out);
  }

  private synchronized HttpResponse table(String id, String table) {
    if (restricted.contains(table)) {
      return error(403, "You do not have access to this table");
    }
    BambooHrEmployee e = employees.get(id);
    if (e == null || !table.equals("employmentStatus")) {
      return error(404, e == null ? "Employee not found" : "Table not emulated: " + table);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StatusRow row : e.employmentStatus()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", row.id());
      m.put("employeeId", e.id());
      m.put("date", row.date().toString());
      m.put("employmentStatus", row.employmentStatus());
      m.put("terminationReasonId", row.terminationReasonId());
      m.put("terminationTypeId", row.terminationTypeId());
      m.put("comment", null);
      rows.add(m);
    }
    return HttpResponse.json(200, rows);
  }

  /** An employee's current state. */
  public synchronized BambooHrEmployee employee(String id) {
    BambooHrEmployee e = employees.get(id);
    if (e == null) {
      throw new NoSuchElementException("no BambooHR employee " + id);
    }
    return e;
  }

  /** Every employee, in seed order. */
  public synchronized List<BambooHrEmployee> employees() {
    return List.copyOf(employees.values());
  }

  /**
   * Terminates an employee with {@code lastDay} as the termination date, the way HR enters one: a
   * new {@code employmentStatus} row. A date in the future leaves the employee Active until then;
   * terminating again with another date is a changed date.
   */
  public void terminate(String id, LocalDate lastDay, boolean involuntary) {
    addRow(
        id,
        lastDay,
        BambooHrEmployee.TERMINATED,
        involuntary ? "Involuntary" : "Voluntary",
        involuntary ? "Performance" : "Resignation");
  }

  /** Rehires an employee from {@code date}: a new Full-Time row after the termination. */
  public void rehire(String id, LocalDate date) {
    addRow(id, date, "Full-Time", null, null);
  }

  /** Withdraws a termination the way HR does: the latest Terminated row is deleted. */
  public synchronized void cancelTermination(String id) {
    BambooHrEmployee e = employee(id);
    StatusRow latest = e.latest();
    if (latest == null || !latest.terminated()) {
      throw new IllegalStateException("employee " + id + " has no termination to cancel");
    }
    List<StatusRow> rows = new ArrayList<>(e.employmentStatus());
    rows.remove(latest);
    employees.put(id, e.withRows(rows));
  }

  /**
   * Hides a field (left out of Get Employee answers) or a table (403) from the API key, as BambooHR
   * does for fields the key's user may not see; until {@link #clearRestrictions}.
   */
  public void restrict(String fieldOrTable) {
    restricted.add(fieldOrTable);
  }

  public void clearRestrictions() {
    restricted.clear();
  }

  /** The company domain in the API path, e.g. {@code contoso}. */
  public String companyDomain() {
    return companyDomain;
  }

  /** The first seeded API key (a sandbox value, not a secret). */
  public String apiKey() {
    return apiKeys.get(0);
  }

  private synchronized void addRow(
      String id, LocalDate date, String status, String type, String reason) {
    BambooHrEmployee e = employee(id);
    List<StatusRow> rows = new ArrayList<>(e.employmentStatus());
    rows.add(new StatusRow(Integer.toString(++rowIds), date, status, type, reason));
    employees.put(id, e.withRows(rows));
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }

  private static HttpResponse error(int status, String message) {
    return HttpResponse.empty(status).withHeader("X-BambooHR-Error-Message", message);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
