package dev.leaver.sandbox.hris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * HiBob's (Bob's) public API at {@code /hibob/v1/...}: Search for employees ({@code POST
 * /v1/people/search}), seeded from the tenant file's {@code hibob:} section. Point a client at
 * {@code baseUrl + "/hibob"} where production uses {@code https://api.hibob.com}.
 *
 * <p>As documented (apidocs.hibob.com, "People read API contract", "API Service Users"): HTTP Basic
 * with a service user's id and token; a body of {@code fields}, {@code filters} ({@code fieldPath},
 * {@code operator} {@code equals}, {@code values}) and {@code showInactive} (false by default:
 * terminated employees are left out unless asked for); the answer {@code {"employees": [...]}} with
 * only the fields asked for, nested by their path, a field the service user may not see silently
 * left out; no pagination. Field ids are accepted as {@code /root/email} or {@code root.email};
 * {@code root} fields sit at the top of each employee. Assumed: the 401 and 400 bodies; that {@code
 * internal.lifecycleStatus} turns {@code terminated} the day after the last day ({@code
 * internal.terminationDate}), the employee being {@code employed} until then.
 *
 * <p>Tests change employees with {@link #terminate}, {@link #cancelTermination} and {@link
 * #rehire}.
 */
public final class HiBobEmulator implements Emulator {
  static final String SEARCH = "/hibob/v1/people/search";

  private final Map<String, String> serviceUsers = new LinkedHashMap<>(); // id → token
  private final Clock clock;
  private final Map<String, HiBobEmployee> employees = new LinkedHashMap<>(); // guarded by this

  /** Seeds the company from the tenant file's {@code hibob:} section. */
  public HiBobEmulator(JsonNode section) {
    this(section, Clock.systemUTC());
  }

  /** As {@link #HiBobEmulator(JsonNode)}, with the clock that decides when terminations apply. */
  public HiBobEmulator(JsonNode section, Clock clock) {
    this.clock = clock;
    for (JsonNode u : section.path("serviceUsers")) {
      serviceUsers.put(u.path("id").asText(), u.path("token").asText());
    }
    for (JsonNode n : section.path("employees")) {
      String date = text(n, "terminationDate");
      HiBobEmployee e =
          new HiBobEmployee(
              n.path("id").asText(),
              text(n, "displayName"),
              text(n, "email"),
              text(n, "managerId"),
              date == null ? null : LocalDate.parse(date),
              text(n, "site"));
      employees.put(e.id(), e);
    }
  }

  @Override
  public String prefix() {
    return "/hibob";
  }

  @Override
  public HttpResponse handle(HttpRequest r) {
    Credentials.Basic basic = Credentials.basic(r);
    String token = basic == null ? null : serviceUsers.get(basic.user());
    if (basic == null || !Credentials.matches(basic.password(), token)) {
      return error(401, "Unauthorized: a service user id and token are required");
    }
    if (!r.path().equals(SEARCH)) {
      return error(404, "Not emulated: " + r.method() + " " + r.path());
    }
    if (!r.method().equals("POST")) {
      return error(405, r.method() + " is not allowed");
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      return error(400, "The request body is not JSON");
    }
    if (body == null || !body.isObject()) {
      return error(400, "The request body is not a JSON object");
    }
    List<String> fields = new ArrayList<>();
    body.path("fields").forEach(f -> fields.add(path(f.asText())));
    String idEquals = null;
    for (JsonNode f : body.path("filters")) {
      if (!path(f.path("fieldPath").asText()).equals("root.id")
          || !f.path("operator").asText().equals("equals")) {
        return error(400, "The sandbox filters only on root.id with equals");
      }
      idEquals = f.path("values").path(0).asText(null);
    }
    boolean showInactive = body.path("showInactive").asBoolean(false);
    LocalDate today = LocalDate.now(clock);
    List<Map<String, Object>> out = new ArrayList<>();
    synchronized (this) {
      for (HiBobEmployee e : employees.values()) {
        if (idEquals != null && !idEquals.equals(e.id())) {
          continue;
        }
        if (!showInactive && e.status(today).equals("Inactive")) {
          continue;
        }
        out.add(employee(e, fields, today));
      }
    }
    return HttpResponse.json(200, Map.of("employees", out));
  }

  /** The fields asked for, nested by path ({@code root} fields at the top). */
  private static Map<String, Object> employee(
      HiBobEmployee e, List<String> fields, LocalDate today) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("root.id", e.id());
    all.put("root.displayName", e.displayName());
    all.put("root.email", e.email());
    all.put("work.manager", e.managerId());
    all.put("work.site", e.site());
    all.put("internal.lifecycleStatus", e.lifecycleStatus(today));
    all.put("internal.status", e.status(today));
    all.put(
        "internal.terminationDate",
        e.terminationDate() == null ? null : e.terminationDate().toString());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id()); // Bob always answers the id
    for (String f : fields.isEmpty() ? List.copyOf(all.keySet()) : fields) {
      if (!all.containsKey(f)) {
        continue; // unknown or not permitted: silently left out, as Bob does
      }
      String[] p = f.split("\\.", 2);
      if (p[0].equals("root")) {
        m.put(p[1], all.get(f));
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> section =
            (Map<String, Object>) m.computeIfAbsent(p[0], k -> new LinkedHashMap<String, Object>());
        section.put(p[1], all.get(f));
      }
    }
    return m;
  }

  /** {@code /root/email} or {@code root.email} → {@code root.email}. */
  private static String path(String fieldId) {
    String s = fieldId.startsWith("/") ? fieldId.substring(1) : fieldId;
    return s.replace('/', '.');
  }

  /** An employee's current state. */
  public synchronized HiBobEmployee employee(String id) {
    HiBobEmployee e = employees.get(id);
    if (e == null) {
      throw new NoSuchElementException("no HiBob employee " + id);
    }
    return e;
  }

  /** Every employee, in seed order. */
  public synchronized List<HiBobEmployee> employees() {
    return List.copyOf(employees.values());
  }

  /** Terminates an employee with {@code lastDay} as the termination date (or moves the date). */
  public synchronized void terminate(String id, LocalDate lastDay) {
    employees.put(id, employee(id).withTerminationDate(lastDay));
  }

  /** Withdraws a termination: the employee is employed with no termination date. */
  public synchronized void cancelTermination(String id) {
    employees.put(id, employee(id).withTerminationDate(null));
  }

  /** Rehires a terminated employee: employed again, with no termination date. */
  public synchronized void rehire(String id) {
    cancelTermination(id);
  }

  /** The first seeded service user's id and token (sandbox values, not secrets). */
  public Map.Entry<String, String> serviceUser() {
    return serviceUsers.entrySet().iterator().next();
  }

  private static HttpResponse error(int status, String message) {
    return HttpResponse.json(status, Map.of("error", message));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
