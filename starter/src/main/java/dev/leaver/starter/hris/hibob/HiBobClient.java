package dev.leaver.starter.hris.hibob;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads an employee from HiBob's (Bob's) public API, for v2 webhooks, whose payloads carry only the
 * employee's id (since April 2025 only v2 webhooks can be created).
 *
 * <p>{@code POST https://api.hibob.com/v1/people/search} with HTTP Basic (the service user's id as
 * user name, its token as password) and the body {@code {"fields": [...], "filters": [{"fieldPath":
 * "/root/id", "operator": "equals", "values": [id]}], "showInactive": true}} ({@code showInactive}:
 * terminated employees are left out by default); the fields are {@code /root/id}, {@code
 * /root/email} (the work e-mail the employee signs in with), {@code /work/manager} (the manager's
 * id, whose {@code /root/email} is read the same way), {@code /internal/lifecycleStatus}, {@code
 * /internal/status} and {@code /internal/terminationDate}. The answer's {@code employees} holds the
 * fields nested by path, {@code root} fields at the top.
 *
 * <p>What it means: {@code lifecycleStatus} {@code terminated} (or {@code status} {@code Inactive})
 * is terminated; the last day is {@code terminationDate}. An employee still {@code employed} with a
 * termination date is a termination scheduled ahead (the intake decides it as a termination while
 * the date is to come, as for BambooHR).
 *
 * <p>Confirmed in Bob's docs (apidocs.hibob.com: "API Service Users", "Read employee data", "People
 * read API contract", "Search for employees"): the path and method, service-user Basic auth, {@code
 * fields}/{@code filters}/{@code showInactive}, no pagination, fields the service user may not see
 * being left out silently (so a missing {@code internal} section is reported, not read as
 * "employed"), 429 for rate limits. Assumed: the field ids of lifecycle status and termination date
 * under {@code /internal}, the value {@code terminated}, machine-format dates {@code YYYY-MM-DD}.
 * Bob's sites carry a zone, but reading it needs the site list: every employee gets {@code
 * defaultZone} (or the zone configured for the site's name).
 *
 * <p>Errors: unknown employee → null; 401, 403, 429, 5xx, timeouts and I/O → {@link
 * HrisUnavailable} (a refused service user is a configuration error reported as unavailable so the
 * webhook answers 503 and Bob retries once it is fixed; the message says which).
 */
public final class HiBobClient implements EmployeeLookup {
  static final List<String> FIELDS =
      List.of(
          "/root/id",
          "/root/email",
          "/work/manager",
          "/work/site",
          "/internal/lifecycleStatus",
          "/internal/status",
          "/internal/terminationDate");
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  // Bob's ids are long decimal strings; anything else is never looked up.
  private static final Pattern ID_FORM = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final URI search;
  private final String authorization;
  private final ZoneId defaultZone;
  private final Map<String, ZoneId> siteZones;
  private final HttpClient http;

  /**
   * @param baseUrl {@code https://api.hibob.com} (or the sandbox's {@code .../hibob})
   * @param serviceUserId the service user's id
   * @param serviceUserToken the service user's token; never logged
   * @param defaultZone the zone of employees whose site has none configured
   * @param siteZones the zone of each Bob site name (e.g. {@code London} → {@code Europe/London})
   * @param http the HTTP client to share
   */
  public HiBobClient(
      String baseUrl,
      String serviceUserId,
      String serviceUserToken,
      ZoneId defaultZone,
      Map<String, ZoneId> siteZones,
      HttpClient http) {
    Objects.requireNonNull(baseUrl, "baseUrl == null");
    Objects.requireNonNull(serviceUserId, "serviceUserId == null");
    Objects.requireNonNull(serviceUserToken, "serviceUserToken == null");
    this.search = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/people/search");
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (serviceUserId + ":" + serviceUserToken).getBytes(StandardCharsets.UTF_8));
    this.defaultZone = Objects.requireNonNull(defaultZone, "defaultZone == null");
    this.siteZones = Map.copyOf(siteZones);
    this.http = Objects.requireNonNull(http, "http == null");
  }

  /** As the full constructor, every employee in {@code defaultZone}. */
  public HiBobClient(
      String baseUrl,
      String serviceUserId,
      String serviceUserToken,
      ZoneId defaultZone,
      HttpClient http) {
    this(baseUrl, serviceUserId, serviceUserToken, defaultZone, Map.of(), http);
  }

  @Override
  public EmployeeRecord employee(String employeeId) throws HrisUnavailable {
    if (employeeId == null || !ID_FORM.matcher(employeeId).matches()) {
      return null;
    }
    JsonNode e = find(employeeId, FIELDS);
    if (e == null) {
      return null;
    }
    JsonNode internal = e.get("internal");
    if (internal == null || !internal.isObject()) {
      throw new HrisUnavailable(
          "HiBob answered employee "
              + employeeId
              + " without its /internal"
              + " fields: a configuration error; let the service user's permission group see"
              + " lifecycle status and termination date",
          null);
    }
    String lifecycle = text(internal, "lifecycleStatus");
    boolean terminated =
        "terminated".equalsIgnoreCase(lifecycle)
            || "Inactive".equalsIgnoreCase(text(internal, "status"));
    LocalDate lastDay = date(text(internal, "terminationDate"));
    String site = text(e.path("work"), "site");
    ZoneId zone = site == null ? null : siteZones.get(site);
    return new EmployeeRecord(
        employeeId,
        text(e, "email"),
        managerEmail(text(e.path("work"), "manager")),
        terminated,
        lastDay,
        (zone == null ? defaultZone : zone).getId(),
        false);
  }

  private String managerEmail(String managerId) throws HrisUnavailable {
    if (managerId == null || !ID_FORM.matcher(managerId).matches()) {
      return null;
    }
    JsonNode m = find(managerId, List.of("/root/id", "/root/email"));
    return m == null ? null : text(m, "email"); // a gone manager stops nothing
  }

  /** The one employee with this id (terminated ones included), or null. */
  private JsonNode find(String id, List<String> fields) throws HrisUnavailable {
    byte[] body;
    try {
      body =
          JSON.writeValueAsBytes(
              Map.of(
                  "fields",
                  fields,
                  "filters",
                  List.of(
                      Map.of("fieldPath", "/root/id", "operator", "equals", "values", List.of(id))),
                  "showInactive",
                  true,
                  "humanReadable",
                  ""));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(search)
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<byte[]> response = HrisCall.send(http, request, "HiBob");
    int status = response.statusCode();
    if (status == 200) {
      JsonNode root;
      try {
        root = JSON.readTree(response.body());
      } catch (IOException e) {
        throw new HrisUnavailable("HiBob answered 200 with a body that is not JSON", e);
      }
      for (JsonNode e : root.path("employees")) {
        if (id.equals(text(e, "id"))) {
          return e;
        }
      }
      return null;
    }
    if (status == 401 || status == 403) {
      throw new HrisUnavailable(
          "HiBob refused the service user (HTTP "
              + status
              + ") reading"
              + " employee "
              + id
              + ": a configuration error; check the service user's id, token and"
              + " permission group",
          null);
    }
    if (status == 429 || status >= 500) {
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      throw new HrisUnavailable(
          "HiBob is unavailable (HTTP "
              + status
              + (retryAfter == null ? "" : ", Retry-After " + retryAfter)
              + ")",
          null);
    }
    throw new IllegalStateException("HiBob answered HTTP " + status + " reading employee " + id);
  }

  private static LocalDate date(String s) {
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
  }
}
