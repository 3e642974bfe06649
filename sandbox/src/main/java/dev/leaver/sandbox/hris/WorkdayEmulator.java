package dev.leaver.sandbox.hris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A Workday Report-as-a-Service custom report at {@code
 * /workday/ccx/service/customreport2/{tenant}/{owner}/{reportName}?format=json}, seeded from the
 * tenant file's {@code workday:} section. Point a client at {@code baseUrl + "/workday"} where
 * production uses {@code https://wd2-impl-services1.workday.com} (the tenant's host).
 *
 * <p>Workday documents the RaaS URL, HTTP Basic for an integration system user, {@code format=json}
 * and prompts as query parameters; the answer is {@code {"Report_Entry":[...]}} with one object per
 * row, keyed by each column's XML alias, values as strings, empty values left out. The columns and
 * the {@code Updated_From} prompt are <b>Leaver's report definition</b>, not Workday's: one row per
 * worker whose termination data changed since {@code Updated_From} — {@code Employee_ID}, {@code
 * Worker}, {@code Work_Email}, {@code Manager_Email}, {@code Time_Zone}, {@code Termination_Date}
 * (last day of work), {@code Primary_Termination_Reason}, {@code Involuntary} ("1"/"0"), {@code
 * Termination_Rescinded} ("1"/"0"), {@code Rehire_Date} and {@code Last_Updated} (a date-time with
 * the worker's offset). Assumed: 401 for wrong credentials, 404 for an unknown tenant, owner or
 * report, 400 for other formats or a bad prompt.
 *
 * <p>Tests change workers with {@link #terminate}, {@link #rescind} and {@link #rehire}; each
 * change stamps {@code Last_Updated} with the emulator's clock.
 */
public final class WorkdayEmulator implements Emulator {
  static final String BASE = "/workday/ccx/service/customreport2/";
  private static final DateTimeFormatter WORKDAY_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private final String tenant;
  private final String owner;
  private final String reportName;
  private final List<Credentials.Basic> users = new ArrayList<>();
  private final Clock clock;
  private final Map<String, WorkdayWorker> workers = new LinkedHashMap<>(); // guarded by this

  /** Seeds the tenant from the tenant file's {@code workday:} section. */
  public WorkdayEmulator(JsonNode section) {
    this(section, Clock.systemUTC());
  }

  /** As {@link #WorkdayEmulator(JsonNode)}, with the clock that stamps {@code Last_Updated}. */
  public WorkdayEmulator(JsonNode section, Clock clock) {
    this.clock = clock;
    tenant = section.path("tenant").asText("contoso");
    owner = section.path("reportOwner").asText("ISU_Leaver");
    reportName = section.path("reportName").asText("Leaver_Terminations");
    section
        .path("users")
        .forEach(
            u ->
                users.add(
                    new Credentials.Basic(u.path("user").asText(), u.path("password").asText())));
    for (JsonNode n : section.path("workers")) {
      WorkdayWorker w =
          new WorkdayWorker(
              n.path("employeeId").asText(),
              text(n, "name"),
              text(n, "workEmail"),
              text(n, "managerEmail"),
              text(n, "timeZone"),
              date(text(n, "terminationDate")),
              n.path("involuntary").asBoolean(false),
              text(n, "terminationReason"),
              n.path("rescinded").asBoolean(false),
              date(text(n, "rehireDate")),
              text(n, "lastUpdated") == null ? null : Instant.parse(text(n, "lastUpdated")));
      workers.put(w.employeeId(), w);
    }
  }

  @Override
  public String prefix() {
    return "/workday";
  }

  @Override
  public HttpResponse handle(HttpRequest r) {
    if (!authenticated(Credentials.basic(r))) {
      return error(401, "invalid username or password");
    }
    if (!r.method().equals("GET")) {
      return error(405, r.method() + " is not allowed on a report");
    }
    if (!r.path().equals(BASE + tenant + "/" + owner + "/" + reportName)) {
      return error(404, "report not found: " + r.path());
    }
    if (!"json".equalsIgnoreCase(r.query().get("format"))) {
      return error(400, "the sandbox emulates format=json only");
    }
    Instant from;
    try {
      String prompt = r.query().get("Updated_From");
      from = prompt == null ? Instant.EPOCH : Instant.parse(prompt);
    } catch (DateTimeException e) {
      return error(400, "Updated_From is not an ISO-8601 instant");
    }
    return HttpResponse.json(200, Map.of("Report_Entry", entries(from)));
  }

  private boolean authenticated(Credentials.Basic given) {
    boolean known = false;
    for (Credentials.Basic u : given == null ? List.<Credentials.Basic>of() : users) {
      boolean user = Credentials.matches(given.user(), u.user());
      boolean password = Credentials.matches(given.password(), u.password());
      known |= user && password;
    }
    return known;
  }

  private synchronized List<Map<String, String>> entries(Instant from) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (WorkdayWorker w : workers.values()) {
      if (w.terminationDate() != null
          && w.lastUpdated() != null
          && !w.lastUpdated().isBefore(from)) {
        rows.add(entry(w));
      }
    }
    return rows;
  }

  private static Map<String, String> entry(WorkdayWorker w) {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "Employee_ID", w.employeeId());
    put(m, "Worker", w.name());
    put(m, "Work_Email", w.workEmail());
    put(m, "Manager_Email", w.managerEmail());
    put(m, "Time_Zone", w.timeZone());
    put(m, "Termination_Date", w.terminationDate().toString());
    put(m, "Primary_Termination_Reason", w.terminationReason());
    put(m, "Involuntary", w.involuntary() ? "1" : "0");
    put(m, "Termination_Rescinded", w.rescinded() ? "1" : "0");
    put(m, "Rehire_Date", w.rehireDate() == null ? null : w.rehireDate().toString());
    put(m, "Last_Updated", WORKDAY_DATE_TIME.format(w.lastUpdated().atZone(zone(w))));
    return m;
  }

  /** A worker's current state. */
  public synchronized WorkdayWorker worker(String employeeId) {
    WorkdayWorker w = workers.get(employeeId);
    if (w == null) {
      throw new NoSuchElementException("no Workday worker " + employeeId);
    }
    return w;
  }

  /** Every worker, in seed order. */
  public synchronized List<WorkdayWorker> workers() {
    return List.copyOf(workers.values());
  }

  /**
   * Terminates a worker with {@code lastDay} as the termination date; terminating again with
   * another date is a changed date. Clears an earlier rescission or rehire.
   */
  public synchronized void terminate(String employeeId, LocalDate lastDay, boolean involuntary) {
    workers.put(employeeId, worker(employeeId).terminated(lastDay, involuntary, clock.instant()));
  }

  /** Rescinds the worker's termination: the row stays, with {@code Termination_Rescinded} "1". */
  public synchronized void rescind(String employeeId) {
    WorkdayWorker w = requireTerminated(employeeId);
    workers.put(employeeId, w.rescinded(clock.instant()));
  }

  /** Rehires a terminated worker from {@code date}: the row gains a {@code Rehire_Date}. */
  public synchronized void rehire(String employeeId, LocalDate date) {
    WorkdayWorker w = requireTerminated(employeeId);
    workers.put(employeeId, w.rehired(date, clock.instant()));
  }

  public String tenant() {
    return tenant;
  }

  public String reportOwner() {
    return owner;
  }

  public String reportName() {
    return reportName;
  }

  /** The first seeded integration system user (a sandbox value, not a secret). */
  public String user() {
    return users.get(0).user();
  }

  /** The first seeded user's password (a sandbox value, not a secret). */
  public String password() {
    return users.get(0).password();
  }

  private WorkdayWorker requireTerminated(String employeeId) {
    WorkdayWorker w = worker(employeeId);
    if (w.terminationDate() == null) {
      throw new IllegalStateException("worker " + employeeId + " has no termination");
    }
    return w;
  }

  private static ZoneId zone(WorkdayWorker w) {
    try {
      return w.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(w.timeZone());
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  private static void put(Map<String, String> m, String key, String value) {
    if (value != null) { // RaaS leaves empty values out of the entry
      m.put(key, value);
    }
  }

  private static HttpResponse error(int status, String message) {
    return HttpResponse.json(
        status, Map.of("error", message, "errors", List.of(Map.of("error", message))));
  }

  private static LocalDate date(String s) {
    return s == null ? null : LocalDate.parse(s);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
