package dev.leaver.sandbox.hris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.hris.GustoEmployee.Termination;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Gusto's API at {@code /gusto/v1/...}: Get an employee ({@code GET /v1/employees/{employee_id}})
 * and Get terminations for an employee ({@code GET /v1/employees/{employee_id}/terminations}),
 * seeded from the tenant file's {@code gusto:} section. Point a client at {@code baseUrl +
 * "/gusto"} where production uses {@code https://api.gusto.com}.
 *
 * <p>As documented (Gusto's OpenAPI spec, {@code X-Gusto-API-Version} 2025-06-15): a Bearer access
 * token; the Employee object with {@code uuid}, {@code email} (personal), {@code work_email},
 * {@code manager_uuid}, {@code terminated} and embedded {@code terminations} ({@code uuid}, {@code
 * employee_uuid}, {@code active}, {@code cancelable}, {@code effective_date} = last day of work,
 * {@code run_termination_payroll}); 404 with {@code {"errors":[{error_key, category, message}]}};
 * 429 when rate-limited (the sandbox's faults). Assumed: the 401 body, the 400 for an API version
 * the sandbox does not know, and that a termination becomes {@code active} on its date.
 *
 * <p>OAuth (docs.gusto.com "OAuth2", "Refresh access token"): {@code POST /gusto/oauth/token} with
 * {@code grant_type=refresh_token}, {@code client_id}, {@code client_secret}, {@code refresh_token}
 * (and {@code redirect_uri}), as a form or JSON, answers {@code {access_token, token_type,
 * expires_in, refresh_token, created_at}}; access tokens expire after {@code expires_in} (7200 s)
 * and then answer 401; refresh tokens rotate: the previous one is revoked on the first use of the
 * new access token. Seeded from the section's {@code oauth:} ({@code clientId}, {@code
 * clientSecret}, {@code refreshTokens}). The seeded {@code accessTokens} never expire. See {@link
 * OAuth}.
 *
 * <p>Tests change employees with {@link #terminate}, {@link #cancelTermination} and {@link
 * #rehire}.
 */
public final class GustoEmulator implements Emulator {
  static final String BASE = "/gusto/v1/employees/";

  private final List<String> tokens = new ArrayList<>();
  private final List<String> apiVersions = new ArrayList<>();
  private final String companyUuid;
  private final Clock clock;
  private final Map<String, GustoEmployee> employees = new LinkedHashMap<>(); // guarded by this
  private final OAuth oauth;

  /** Seeds the company from the tenant file's {@code gusto:} section. */
  public GustoEmulator(JsonNode section) {
    this(section, Clock.systemUTC());
  }

  /** As {@link #GustoEmulator(JsonNode)}, with the clock that decides when terminations apply. */
  public GustoEmulator(JsonNode section, Clock clock) {
    this.clock = clock;
    section.path("accessTokens").forEach(t -> tokens.add(t.asText()));
    section.path("apiVersions").forEach(v -> apiVersions.add(v.asText()));
    if (apiVersions.isEmpty()) {
      apiVersions.add("2025-06-15");
    }
    companyUuid = section.path("companyUuid").asText(UUID.randomUUID().toString());
    oauth = new OAuth(section.path("oauth"), clock);
    for (JsonNode n : section.path("employees")) {
      List<Termination> terminations = new ArrayList<>();
      for (JsonNode t : n.path("terminations")) {
        terminations.add(
            new Termination(
                t.path("uuid").asText(UUID.randomUUID().toString()),
                LocalDate.parse(t.path("effectiveDate").asText()),
                t.path("runTerminationPayroll").asBoolean(false)));
      }
      GustoEmployee e =
          new GustoEmployee(
              n.path("uuid").asText(),
              text(n, "firstName"),
              text(n, "lastName"),
              text(n, "email"),
              text(n, "workEmail"),
              text(n, "managerUuid"),
              terminations,
              n.path("rehired").asBoolean(false));
      employees.put(e.uuid(), e);
    }
  }

  @Override
  public String prefix() {
    return "/gusto";
  }

  @Override
  public HttpResponse handle(HttpRequest r) {
    if (r.path().equals(OAuth.TOKEN_PATH)) {
      return oauth.token(r);
    }
    String bearer = Credentials.bearer(r);
    if (!Credentials.matchesAny(bearer, tokens) && !oauth.accepts(bearer)) {
      return error(401, "base", "invalid_token", "The access token is invalid or has expired.");
    }
    String version = r.header("X-Gusto-API-Version");
    if (version != null && !apiVersions.contains(version)) {
      return error(
          400,
          "X-Gusto-API-Version",
          "invalid_attribute_value",
          "The sandbox emulates API versions " + apiVersions);
    }
    if (!r.method().equals("GET")) {
      return error(405, "base", "invalid_operation", r.method() + " is not emulated");
    }
    String[] p = r.path().startsWith(BASE) ? r.path().substring(BASE.length()).split("/") : null;
    if (p == null || p.length > 2 || (p.length == 2 && !p[1].equals("terminations"))) {
      return error(404, "base", "not_found", "Not emulated: " + r.path());
    }
    synchronized (this) {
      GustoEmployee e = employees.get(p[0]);
      if (e == null) {
        return error(
            404,
            "employee_id",
            "not_found",
            "The requested resource does not exist. Make sure the provided UUID is valid.");
      }
      LocalDate today = LocalDate.now(clock);
      if (p.length == 2) {
        return HttpResponse.json(
            200, e.terminations().stream().map(t -> termination(e, t, today)).toList());
      }
      return HttpResponse.json(200, employee(e, today));
    }
  }

  private Map<String, Object> employee(GustoEmployee e, LocalDate today) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uuid", e.uuid());
    m.put("first_name", e.firstName());
    m.put("middle_initial", null);
    m.put("last_name", e.lastName());
    m.put("email", e.email());
    m.put("company_uuid", companyUuid);
    m.put("manager_uuid", e.managerUuid());
    m.put("version", version(e, today));
    m.put("department", null);
    m.put("terminated", e.terminated(today));
    m.put("two_percent_shareholder", false);
    m.put("work_email", e.workEmail());
    m.put("onboarded", true);
    m.put("onboarding_status", "onboarding_completed");
    m.put("jobs", List.of());
    m.put("eligible_paid_time_off", List.of());
    m.put("terminations", e.terminations().stream().map(t -> termination(e, t, today)).toList());
    m.put("garnishments", List.of());
    m.put("has_ssn", true);
    m.put("payment_method", "Direct Deposit");
    m.put("current_employment_status", "full_time");
    m.put("historical", false);
    return m;
  }

  private static Map<String, Object> termination(GustoEmployee e, Termination t, LocalDate today) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uuid", t.uuid());
    m.put("version", hex(t.toString()));
    m.put("employee_uuid", e.uuid());
    m.put("active", t.active(today));
    m.put("cancelable", t.cancelable(today));
    m.put("effective_date", t.effectiveDate().toString());
    m.put("run_termination_payroll", t.runTerminationPayroll());
    return m;
  }

  /** An employee's current state. */
  public synchronized GustoEmployee employee(String uuid) {
    GustoEmployee e = employees.get(uuid);
    if (e == null) {
      throw new NoSuchElementException("no Gusto employee " + uuid);
    }
    return e;
  }

  /** Every employee, in seed order. */
  public synchronized List<GustoEmployee> employees() {
    return List.copyOf(employees.values());
  }

  /**
   * Terminates an employee with {@code lastDay} as the effective date. A termination not yet in
   * effect gets its date changed instead (Gusto's {@code PUT /v1/terminations/{employee_id}}), so
   * the termination keeps its UUID.
   */
  public synchronized void terminate(String uuid, LocalDate lastDay) {
    GustoEmployee e = employee(uuid);
    List<Termination> ts = new ArrayList<>(e.terminations());
    Termination pending = pending(e);
    if (pending != null) {
      ts.set(ts.size() - 1, new Termination(pending.uuid(), lastDay, false));
    } else {
      ts.add(new Termination(UUID.randomUUID().toString(), lastDay, false));
    }
    employees.put(uuid, e.with(ts, false));
  }

  /** Deletes a termination that is not in effect yet, as Gusto's DELETE terminations does. */
  public synchronized void cancelTermination(String uuid) {
    GustoEmployee e = employee(uuid);
    Termination pending = pending(e);
    if (pending == null) {
      throw new IllegalStateException("employee " + uuid + " has no cancelable termination");
    }
    List<Termination> ts = new ArrayList<>(e.terminations());
    ts.remove(pending);
    employees.put(uuid, e.with(ts, e.rehired()));
  }

  /** Rehires a terminated employee: {@code terminated} turns false, the history stays. */
  public synchronized void rehire(String uuid) {
    GustoEmployee e = employee(uuid);
    employees.put(uuid, e.with(e.terminations(), true));
  }

  /** The OAuth side: refresh tokens, issued access tokens and their expiry, for tests. */
  public OAuth oauth() {
    return oauth;
  }

  /** The first seeded access token (a sandbox value, not a secret). */
  public String accessToken() {
    return tokens.get(0);
  }

  private Termination pending(GustoEmployee e) {
    Termination t = e.latestTermination();
    return t != null && !e.rehired() && t.cancelable(LocalDate.now(clock)) ? t : null;
  }

  /** Gusto's {@code version}: an opaque 32-hex digest that changes with the object. */
  private static String hex(String state) {
    UUID digest = UUID.nameUUIDFromBytes(state.getBytes(StandardCharsets.UTF_8));
    return digest.toString().replace("-", "");
  }

  private static String version(GustoEmployee e, LocalDate today) {
    return hex(e + "@" + e.terminated(today));
  }

  private static HttpResponse error(int status, String key, String category, String message) {
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("error_key", key);
    err.put("category", category);
    err.put("message", message);
    return HttpResponse.json(status, Map.of("errors", List.of(err)));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
