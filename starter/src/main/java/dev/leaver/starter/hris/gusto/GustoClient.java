package dev.leaver.starter.hris.gusto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.starter.hris.EmployeeLookup;
import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.HrisCall;
import dev.leaver.starter.hris.HrisUnavailable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads an employee from Gusto's API, for Gusto webhooks, whose thin payload carries only the
 * employee's UUID ({@code entity_uuid}).
 *
 * <p>{@code GET https://api.gusto.com/v1/employees/{employee_uuid}} with {@code Authorization:
 * Bearer <token>} and {@code X-Gusto-API-Version: 2025-06-15}; then, when {@code manager_uuid} is
 * set, the manager the same way for their {@code work_email}. The employee counts as terminated
 * when Gusto says {@code terminated}, or when the latest of the embedded {@code terminations} is
 * not {@code active} yet (a termination scheduled for a future date); the last day is that
 * termination's {@code effective_date}. A rehired employee has {@code terminated} false and only
 * past, active terminations, so counts as not terminated.
 *
 * <p>Confirmed in Gusto's OpenAPI spec and docs: the path, Bearer auth, the version header and
 * value, the fields {@code uuid}, {@code work_email} (and {@code email}, the personal address,
 * which is never used as a login), {@code manager_uuid}, {@code terminated}, {@code terminations}
 * with {@code active}, {@code cancelable}, {@code effective_date} ("the employee's last day of
 * work") and {@code run_termination_payroll}; 404 for an unknown UUID; 429 at 200 requests a minute
 * with {@code Retry-After}. Gusto says nothing about the employee's time zone or whether a
 * termination is voluntary, so the zone is {@code defaultZone} and involuntary is false. Assumed:
 * 401 for a bad or expired token: with {@link GustoOAuth} the token is refreshed before it expires,
 * and once more after a 401.
 *
 * <p>Errors: unknown employee (or an id that is not a UUID) → null; 401, 403, 429, 5xx, timeouts
 * and I/O → {@link HrisUnavailable} (a refused token is a configuration error reported as
 * unavailable so the webhook answers 503 and Gusto redelivers once it is fixed).
 */
public final class GustoClient implements EmployeeLookup {
  /** The {@code X-Gusto-API-Version} this client is written against. */
  public static final String API_VERSION = "2025-06-15";

  private static final Pattern UUID_FORM =
      Pattern.compile(
          "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String employees;
  private final AccessTokens accessToken;
  private final ZoneId defaultZone;
  private final HttpClient http;

  /**
   * @param baseUrl {@code https://api.gusto.com} (or the sandbox's {@code .../gusto})
   * @param accessToken the company's access token; never logged
   * @param defaultZone the zone of every employee: Gusto's API gives none
   * @param http the HTTP client to share
   */
  public GustoClient(String baseUrl, String accessToken, ZoneId defaultZone, HttpClient http) {
    this(baseUrl, constant(accessToken), defaultZone, http);
  }

  /** As {@link #GustoClient(String, String, ZoneId, HttpClient)}, asking for the token per call. */
  public GustoClient(
      String baseUrl, Supplier<String> accessToken, ZoneId defaultZone, HttpClient http) {
    this(baseUrl, fixed(accessToken), defaultZone, http);
  }

  /**
   * As {@link #GustoClient(String, String, ZoneId, HttpClient)}, with tokens that refresh ({@link
   * GustoOAuth}): a 401 is retried once with the token {@link AccessTokens#afterRejection} gives.
   */
  public GustoClient(
      String baseUrl, AccessTokens accessToken, ZoneId defaultZone, HttpClient http) {
    this.employees =
        Objects.requireNonNull(baseUrl, "baseUrl == null").replaceAll("/+$", "") + "/v1/employees/";
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken == null");
    this.defaultZone = Objects.requireNonNull(defaultZone, "defaultZone == null");
    this.http = Objects.requireNonNull(http, "http == null");
  }

  @Override
  public EmployeeRecord employee(String employeeUuid) throws HrisUnavailable {
    if (employeeUuid == null || !UUID_FORM.matcher(employeeUuid).matches()) {
      return null;
    }
    JsonNode e = get(employeeUuid);
    if (e == null) {
      return null;
    }
    JsonNode latest = latestTermination(e.path("terminations"));
    boolean scheduled = latest != null && !inEffect(latest);
    boolean terminated = e.path("terminated").asBoolean(false) || scheduled;
    LocalDate lastDay = terminated && latest != null ? date(text(latest, "effective_date")) : null;
    return new EmployeeRecord(
        employeeUuid,
        text(e, "work_email"),
        managerEmail(text(e, "manager_uuid")),
        terminated,
        lastDay,
        defaultZone.getId(),
        false);
  }

  private String managerEmail(String managerUuid) throws HrisUnavailable {
    if (managerUuid == null || !UUID_FORM.matcher(managerUuid).matches()) {
      return null;
    }
    JsonNode manager = get(managerUuid);
    return manager == null ? null : text(manager, "work_email"); // a gone manager stops nothing
  }

  /** Gusto's {@code active}; by the date in {@code defaultZone} if Gusto leaves it out. */
  private boolean inEffect(JsonNode termination) {
    JsonNode active = termination.get("active");
    if (active != null && active.isBoolean()) {
      return active.asBoolean();
    }
    LocalDate d = date(text(termination, "effective_date"));
    return d != null && !d.isAfter(LocalDate.now(defaultZone));
  }

  /** The termination with the latest {@code effective_date}; the later entry wins a tie. */
  private static JsonNode latestTermination(JsonNode terminations) {
    JsonNode latest = null;
    LocalDate latestDate = null;
    for (JsonNode t : terminations) {
      LocalDate d = date(text(t, "effective_date"));
      if (d != null && (latestDate == null || !d.isBefore(latestDate))) {
        latest = t;
        latestDate = d;
      }
    }
    return latest;
  }

  /** The employee, or null for 404. */
  private JsonNode get(String uuid) throws HrisUnavailable {
    String token = accessToken.current();
    HttpResponse<byte[]> response = send(uuid, token);
    if (response.statusCode() == 401) {
      // Expired or revoked early: refresh once and try again; a second 401 is reported.
      String fresh = accessToken.afterRejection(token);
      if (fresh != null && !fresh.equals(token)) {
        response = send(uuid, fresh);
      }
    }
    int status = response.statusCode();
    switch (status) {
      case 200 -> {
        try {
          return JSON.readTree(response.body());
        } catch (IOException e) {
          throw new HrisUnavailable("Gusto answered 200 with a body that is not JSON", e);
        }
      }
      case 404 -> {
        return null;
      }
      case 401, 403 ->
          throw new HrisUnavailable(
              "Gusto refused the access token (HTTP "
                  + status
                  + ") reading employee "
                  + uuid
                  + ": a configuration error; check or refresh the token"
                  + " and its employees:read scope",
              null);
      default -> {
        if (status == 429 || status >= 500) {
          String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
          throw new HrisUnavailable(
              "Gusto is unavailable (HTTP "
                  + status
                  + (retryAfter == null ? "" : ", Retry-After " + retryAfter)
                  + ")",
              null);
        }
        throw new IllegalStateException(
            "Gusto answered HTTP " + status + " reading employee " + uuid);
      }
    }
  }

  private HttpResponse<byte[]> send(String uuid, String token) throws HrisUnavailable {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(employees + uuid))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("X-Gusto-API-Version", API_VERSION)
            .header("Accept", "application/json")
            .GET()
            .build();
    return HrisCall.send(http, request, "Gusto");
  }

  private static LocalDate date(String s) {
    try {
      return s == null ? null : LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
  }

  private static Supplier<String> constant(String token) {
    Objects.requireNonNull(token, "accessToken == null");
    return () -> token;
  }

  private static AccessTokens fixed(Supplier<String> token) {
    Objects.requireNonNull(token, "accessToken == null");
    return new AccessTokens() {
      @Override
      public String current() {
        return token.get();
      }

      @Override
      public String afterRejection(String rejected) {
        return null; // nothing to refresh: the 401 is reported
      }
    };
  }
}
