package dev.leaver.starter.hris.workday;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.starter.hris.HrisCall;
import dev.leaver.starter.hris.HrisUnavailable;
import dev.leaver.starter.hris.TerminationEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls Workday for terminations: Workday sends no generic webhooks, so a Temporal Schedule calls
 * {@link #terminationsSince} with the last poll's cursor.
 *
 * <p>Workday documents Report-as-a-Service: an Advanced custom report enabled as a web service is
 * served at {@code GET https://{host}/ccx/service/customreport2/{tenant}/{owner}/{reportName}},
 * with HTTP Basic for an integration system user, {@code format=json} for {@code
 * {"Report_Entry":[...]}}, and the report's prompts as query parameters. The report itself is
 * <b>Leaver's definition</b>, which the customer's Workday admin builds: data source "all active
 * and terminated workers", a prompt {@code Updated_From} (an ISO-8601 instant; rows whose
 * termination data changed at or after it) and the columns {@code Employee_ID}, {@code Work_Email},
 * {@code Manager_Email}, {@code Time_Zone} (IANA id), {@code Termination_Date} (last day of work),
 * {@code Primary_Termination_Reason}, {@code Involuntary} ("1"/"0"), {@code Termination_Rescinded}
 * ("1"/"0"), {@code Rehire_Date} and {@code Last_Updated}.
 *
 * <p>Each row becomes one {@link TerminationEvent} with source {@code workday} and {@code eventAt}
 * = {@code Last_Updated}: a TERMINATION with event id {@code <Employee_ID>:<Termination_Date>} (so
 * a changed date is a new event), a CANCELLATION when rescinded, a REHIRE when a rehire date is set
 * (see {@link ReportEntry#toEvent}). The prompt is inclusive, so a row can come back on the next
 * poll; the sink drops it as a redelivery by its event id. Rows without an employee id or a
 * termination date are skipped and counted in a warning (no names or e-mails are logged).
 *
 * <p>Errors: 401, 403 and 404 (wrong credentials, user or report URL; configuration errors,
 * reported as unavailable so the schedule keeps its cursor and retries once fixed), 429, 5xx,
 * timeouts and I/O → {@link HrisUnavailable}.
 */
public final class WorkdayReportClient {
  /** The {@link TerminationEvent#source()} of Workday events. */
  public static final String SOURCE = "workday";

  private static final Logger log = LoggerFactory.getLogger(WorkdayReportClient.class);
  private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9_.\\-]+");
  private static final Duration TIMEOUT = Duration.ofSeconds(60); // reports can be slow
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String reportUrl;
  private final String authorization;
  private final HttpClient http;

  /**
   * @param baseUrl the tenant's Workday host, e.g. {@code https://wd2-impl-services1.workday.com}
   *     (or the sandbox's {@code .../workday})
   * @param tenant the Workday tenant name
   * @param owner the report owner's user name
   * @param reportName the report's web service name
   * @param user the integration system user
   * @param password its password; never logged
   * @param http the HTTP client to share
   */
  public WorkdayReportClient(
      String baseUrl,
      String tenant,
      String owner,
      String reportName,
      String user,
      String password,
      HttpClient http) {
    Objects.requireNonNull(baseUrl, "baseUrl == null");
    Objects.requireNonNull(user, "user == null");
    Objects.requireNonNull(password, "password == null");
    this.reportUrl =
        baseUrl.replaceAll("/+$", "")
            + "/ccx/service/customreport2/"
            + segment("tenant", tenant)
            + "/"
            + segment("owner", owner)
            + "/"
            + segment("reportName", reportName);
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.http = Objects.requireNonNull(http, "http == null");
  }

  /**
   * Terminations, rescissions and rehires whose data changed at or after {@code since}, oldest
   * first (rows without {@code Last_Updated} last).
   *
   * @param since the cursor: the previous poll's latest {@code eventAt}, or a start time
   * @throws HrisUnavailable when Workday cannot be read now; nothing is lost, poll again later
   */
  public List<TerminationEvent> terminationsSince(Instant since) throws HrisUnavailable {
    Objects.requireNonNull(since, "since == null");
    URI uri =
        URI.create(
            reportUrl
                + "?format=json&Updated_From="
                + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));
    JsonNode rows = fetch(uri).path("Report_Entry");
    List<TerminationEvent> events = new ArrayList<>();
    int skipped = 0;
    for (JsonNode row : rows) {
      ReportEntry entry = ReportEntry.parse(row);
      if (entry == null) {
        skipped++;
      } else {
        events.add(entry.toEvent());
      }
    }
    if (skipped > 0) {
      log.warn("skipped {} Workday report rows without Employee_ID or Termination_Date", skipped);
    }
    events.sort(
        Comparator.comparing(
                TerminationEvent::eventAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(TerminationEvent::employeeId));
    return events;
  }

  private JsonNode fetch(URI uri) throws HrisUnavailable {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response = HrisCall.send(http, request, "Workday");
    int status = response.statusCode();
    if (status == 401 || status == 403 || status == 404) {
      throw new HrisUnavailable(
          "Workday refused the termination report (HTTP "
              + status
              + "): a configuration error; check the tenant, report owner, report name, the"
              + " integration system user and its access to the report",
          null);
    }
    if (status != 200) {
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      throw new HrisUnavailable(
          "Workday is unavailable (HTTP "
              + status
              + (retryAfter == null ? "" : ", Retry-After " + retryAfter)
              + ")",
          null);
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new HrisUnavailable("Workday answered 200 with a body that is not JSON", e);
    }
  }

  private static String segment(String what, String value) {
    if (value == null || !PATH_SEGMENT.matcher(value).matches()) {
      throw new IllegalArgumentException("not a Workday " + what + ": " + value);
    }
    return value;
  }
}
