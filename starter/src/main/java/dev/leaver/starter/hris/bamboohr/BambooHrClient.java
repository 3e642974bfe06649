package dev.leaver.starter.hris.bamboohr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.starter.hris.EmployeeLookup;
import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.HrisUnavailable;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads an employee from BambooHR's REST API v1, for BambooHR webhooks, whose payload carries only
 * the employee id.
 *
 * <p>Two calls, both {@code GET https://api.bamboohr.com/api/gateway.php/{companyDomain}/v1/...}
 * with HTTP Basic (the API key as user name, any password) and {@code Accept: application/json}:
 *
 * <ol>
 *   <li>{@code employees/{id}} with {@code fields} {@code workEmail}, {@code supervisorEmail},
 *       {@code supervisorEId}, {@code status}, {@code terminationDate} and {@code location}; when
 *       {@code supervisorEmail} is not answered, the supervisor is read by {@code supervisorEId};
 *   <li>{@code employees/{id}/tables/employmentStatus} for the termination: the latest row (future
 *       rows included, since BambooHR keeps a future-dated termination's employee Active until the
 *       date) decides. A {@code Terminated} row means terminated, its {@code date} is the last day
 *       and its {@code terminationTypeId} {@code Involuntary} means involuntary; any later row is a
 *       rehire. When the key may not read the table (403), {@code status} Inactive or a {@code
 *       terminationDate} not yet past decide instead, and involuntary stays false.
 * </ol>
 *
 * <p>Confirmed in BambooHR's docs and public OpenAPI spec: the paths, Basic auth with the key,
 * {@code fields}, the field names {@code workEmail}, {@code status} (Active/Inactive), {@code
 * terminationDate}, {@code location}, {@code supervisorEId}; the {@code employmentStatus} table;
 * 401 for a bad key, 403 for data the key may not see, 404 for an unknown employee; rate limiting
 * as 503, and as 429 with {@code Retry-After} from 16 September 2026. Assumed: the {@code
 * supervisorEmail} field (hence the fallback), the table's {@code terminationTypeId} carrying the
 * option's text, the status name {@code Terminated} (BambooHR's default; accounts can rename it),
 * that {@code terminationDate} is the last day worked, and {@code 0000-00-00} for an empty date.
 *
 * <p>Errors: unknown employee (or an id that is not numeric, as BambooHR's ids are) → null; 401,
 * 403, 429, 5xx, timeouts and I/O → {@link HrisUnavailable}. A refused key is a configuration
 * error, but it is reported as unavailable on purpose: the webhook then answers 503 and BambooHR
 * redelivers once the key is fixed, so no termination is lost; the message says which it is.
 */
public final class BambooHrClient implements EmployeeLookup {
  static final String FIELDS =
      "workEmail,supervisorEmail,supervisorEId,status,terminationDate,location";
  // BambooHR ids are positive integers; 0 would mean "the key's own employee", never a leaver.
  private static final Pattern NUMERIC = Pattern.compile("[1-9][0-9]{0,17}");

  private final String api;
  private final ZoneId defaultZone;
  private final Map<String, ZoneId> locationZones;
  private final BambooHrHttp http;

  /**
   * @param baseUrl {@code https://api.bamboohr.com} (or the sandbox's {@code .../bamboohr})
   * @param companyDomain the company's BambooHR subdomain, e.g. {@code contoso}
   * @param apiKey the API key; never logged
   * @param defaultZone the zone of every employee, since BambooHR's location carries none
   * @param http the HTTP client to share
   */
  public BambooHrClient(
      String baseUrl, String companyDomain, String apiKey, ZoneId defaultZone, HttpClient http) {
    this(baseUrl, companyDomain, apiKey, defaultZone, Map.of(), http);
  }

  /**
   * As {@link #BambooHrClient(String, String, String, ZoneId, HttpClient)}, with the zone of each
   * BambooHR location name (e.g. {@code London} → {@code Europe/London}); other locations get
   * {@code defaultZone}.
   */
  public BambooHrClient(
      String baseUrl,
      String companyDomain,
      String apiKey,
      ZoneId defaultZone,
      Map<String, ZoneId> locationZones,
      HttpClient http) {
    Objects.requireNonNull(baseUrl, "baseUrl == null");
    Objects.requireNonNull(apiKey, "apiKey == null");
    if (companyDomain == null || !companyDomain.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("not a BambooHR company domain: " + companyDomain);
    }
    this.api = baseUrl.replaceAll("/+$", "") + "/api/gateway.php/" + companyDomain + "/v1/";
    this.defaultZone = Objects.requireNonNull(defaultZone, "defaultZone == null");
    this.locationZones = Map.copyOf(locationZones);
    String basic =
        Base64.getEncoder().encodeToString((apiKey + ":x").getBytes(StandardCharsets.UTF_8));
    this.http = new BambooHrHttp(Objects.requireNonNull(http, "http == null"), "Basic " + basic);
  }

  @Override
  public EmployeeRecord employee(String employeeId) throws HrisUnavailable {
    if (employeeId == null || !NUMERIC.matcher(employeeId).matches()) {
      return null;
    }
    BambooHrHttp.Reply e = http.get(uri("employees/" + employeeId + "?fields=" + FIELDS));
    if (e.status() == 404) {
      return null;
    }
    e.requireOk("employee " + employeeId);
    JsonNode employee = e.body();
    BambooHrHttp.Reply rows = http.get(uri("employees/" + employeeId + "/tables/employmentStatus"));
    if (rows.status() == 404) {
      return null; // deleted between the two calls
    }
    Termination t = null;
    if (rows.status() != 403) { // 403: the key may not read the table; the fields decide
      rows.requireOk("employmentStatus of " + employeeId);
      t = Termination.fromTable(rows.body());
    }
    if (t == null) {
      t = Termination.fromFields(employee, LocalDate.now(defaultZone));
    }
    return new EmployeeRecord(
        employeeId,
        text(employee, "workEmail"),
        managerEmail(employee),
        t.terminated(),
        t.lastDay(),
        zone(text(employee, "location")),
        t.involuntary());
  }

  private String managerEmail(JsonNode employee) throws HrisUnavailable {
    String email = text(employee, "supervisorEmail");
    String supervisorId = text(employee, "supervisorEId");
    if (email != null || supervisorId == null || !NUMERIC.matcher(supervisorId).matches()) {
      return email;
    }
    BambooHrHttp.Reply s = http.get(uri("employees/" + supervisorId + "?fields=workEmail"));
    if (s.status() == 404 || s.status() == 403) {
      return null; // a missing manager does not stop an offboarding
    }
    s.requireOk("supervisor " + supervisorId);
    return text(s.body(), "workEmail");
  }

  private String zone(String location) {
    ZoneId z = location == null ? null : locationZones.get(location);
    return (z == null ? defaultZone : z).getId();
  }

  private URI uri(String relative) {
    return URI.create(api + relative);
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
  }
}
