package dev.leaver.worker.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each format carries the same report, readable back by an independent reader. */
class ReportFormatsTest {
  static LeaverRuns runs;
  static AuditReport report;

  @BeforeAll
  static void run() {
    runs = LeaverRuns.shared();
    report =
        AuditReport.of(
            runs.records,
            new ReportWindow(runs.start.minusSeconds(1), runs.start.plus(Duration.ofDays(10))),
            Duration.ofHours(1),
            runs.now(),
            "/var/lib/leaver/evidence",
            "hash chain intact, " + runs.records.size() + " records");
  }

  @Test
  void csvParsesBackOneRecordPerRunWithFieldsQuotedAsRfc4180Says() throws IOException {
    String csv = render(ReportFormat.CSV);

    assertThat(csv).contains("\r\n").doesNotContain("TOTAL");
    assertThat(csv)
        .as("a quote inside a field is doubled, the field quoted")
        .contains(
            "\"entra.RemoveGroupMemberships skipped: dynamic group \"\"All staff, London\"\"; rule changed by IT\"");
    try (CSVParser parser =
        CSVParser.builder()
            .setReader(new StringReader(csv))
            .setFormat(CSVFormat.RFC4180.builder().setHeader().get())
            .get()) {
      assertThat(parser.getHeaderNames())
          .contains(
              "employee_id",
              "run_id",
              "hr_event_at",
              "effective_at",
              "kill_switch_entra_at",
              "kill_switch_slack_at",
              "latency_seconds",
              "sla",
              "exceptions",
              "exception_operators",
              "handover_start",
              "handover_end");
      Map<String, CSVRecord> rows =
          parser.getRecords().stream()
              .collect(Collectors.toMap(r -> r.get("employee_id"), Function.identity()));
      assertThat(rows).containsOnlyKeys("E2001", "E2002", "E2003", "E2004", "E2005", "E2006");
      assertThat(rows.get("E2003").get("exceptions"))
          .isEqualTo(
              "entra.RemoveGroupMemberships skipped: dynamic group \"All staff, London\"; rule changed by IT");
      assertThat(rows.get("E2005").get("sla")).isEqualTo("breached");
      assertThat(Double.parseDouble(rows.get("E2005").get("latency_seconds")))
          .isGreaterThanOrEqualTo(7200);
      assertThat(rows.get("E2002").get("outcome")).isEqualTo("rescinded");
      assertThat(rows.get("E2002").get("rescind_reason"))
          .isEqualTo("termination withdrawn by HR, ticket HR-77");
      assertThat(rows.get("E2004").get("sla")).isEqualTo("n/a");
      assertThat(rows.get("E2004").get("kill_switch_entra_at")).isEmpty();
      ReportRow e2001 =
          report.rows().stream()
              .filter(r -> r.employeeId().equals("E2001"))
              .findFirst()
              .orElseThrow();
      assertThat(rows.get("E2001").get("run_id")).isEqualTo(e2001.runId());
      assertThat(rows.get("E2001").get("effective_at"))
          .isEqualTo(
              e2001.effectiveAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
      assertThat(rows.get("E2001").get("kill_switch_slack_at"))
          .isEqualTo(
              e2001
                  .killSwitch()
                  .get(1)
                  .completedAt()
                  .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                  .toString());
      assertThat(rows.get("E2006").get("handover_end")).endsWith("(due)");
    }
  }

  @Test
  void jsonHoldsTheRowsAndTheTotals() throws IOException {
    JsonNode json = new ObjectMapper().readTree(render(ReportFormat.JSON));

    assertThat(json.get("rows")).hasSize(6);
    assertThat(json.at("/totals/runs").asInt()).isEqualTo(6);
    assertThat(json.at("/totals/slaBreached").asInt()).isEqualTo(1);
    assertThat(json.at("/totals/byOutcome/COMPLETED").asInt()).isEqualTo(3);
    assertThat(json.at("/maxLatency").asText()).isEqualTo("PT1H");
    JsonNode e2005 = null;
    for (JsonNode row : json.get("rows")) {
      if (row.get("employeeId").asText().equals("E2005")) {
        e2005 = row;
      }
    }
    assertThat(e2005).isNotNull();
    assertThat(e2005.get("sla").asText()).isEqualTo("BREACHED");
    assertThat(Duration.parse(e2005.get("latency").asText()))
        .isGreaterThanOrEqualTo(Duration.ofHours(2));
  }

  @Test
  void htmlIsOnePageWithNothingFetchedAndEveryValueEscaped() throws IOException {
    String html = render(ReportFormat.HTML);
    Files.writeString(Path.of("target", "report.html"), html); // to look at in a browser

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("@media print")
        .doesNotContain("<script")
        .doesNotContain("src=")
        .doesNotContain("<link");
    assertThat(html).contains("dynamic group &quot;All staff, London&quot;; rule changed by IT");
    for (String id : List.of("E2001", "E2002", "E2003", "E2004", "E2005", "E2006")) {
      assertThat(html).contains("<td>" + id + "</td>");
    }
    assertThat(html).contains("<td class=\"fixed breached\">breached</td>");
  }

  @Test
  void thePdfHasTheEmployeeIdsAndTheTotalsAsTextAndRendersToAnImage() throws IOException {
    byte[] pdf = bytes(ReportFormat.PDF);

    try (PDDocument doc = Loader.loadPDF(pdf)) {
      // Cells wrap: compare with the line breaks as spaces.
      String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
      for (String id : List.of("E2001", "E2002", "E2003", "E2004", "E2005", "E2006")) {
        assertThat(text).contains(id);
      }
      assertThat(text).doesNotContain("E2007");
      assertThat(text)
          .contains("Offboarding evidence report")
          .contains("Totals")
          .contains("Runs 6")
          .contains("SLA met 4")
          .contains("SLA breached 1")
          .contains("Exceptions 1 in 1 runs")
          .contains("rescinded: termination withdrawn by HR, ticket HR-77");
      assertThat(text).contains("page 1 of " + doc.getNumberOfPages());
      // The lead looks at this one (the brief asks for a PNG of the page).
      Path png = Path.of("target", "report-page.png");
      ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 110), "png", png.toFile());
      assertThat(Files.size(png)).isGreaterThan(10_000);
    }
  }

  @Test
  void aLongReportRunsOverPagesEachWithTheHeaderRowAndItsNumber() throws IOException {
    // Sixty leavers: the six runs' rows again under other ids (the layout is what is tested here).
    List<ReportRow> many = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ReportRow r = report.rows().get(i % report.rows().size());
      many.add(
          new ReportRow(
              String.format("E9%03d", i),
              r.workflowId(),
              r.runId(),
              r.phase(),
              r.outcome(),
              r.rescindReason(),
              r.evidence(),
              r.hrEventAt(),
              r.effectiveAt(),
              r.killSwitch(),
              r.killSwitchCompletedAt(),
              r.latency(),
              r.sla(),
              r.exceptions(),
              r.handoverStart(),
              r.handoverEnd(),
              r.handoverEnded()));
    }
    AuditReport big =
        new AuditReport(
            report.window(),
            report.generatedAt(),
            report.maxLatency(),
            report.source(),
            report.chain(),
            many,
            Totals.of(many));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportFormat.PDF.write(big, out);

    try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
      int pages = doc.getNumberOfPages();
      assertThat(pages).isGreaterThan(2);
      PDFTextStripper stripper = new PDFTextStripper();
      for (int p = 1; p <= pages; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        String text = stripper.getText(doc).replaceAll("\\s+", " ");
        assertThat(text).as("page " + p).contains("page " + p + " of " + pages);
        if (p < pages || text.contains("E9")) {
          assertThat(text).as("page " + p).contains("Employee Run / evidence Outcome");
        }
      }
      String all = new PDFTextStripper().getText(doc);
      for (int i = 0; i < 60; i++) {
        assertThat(all).contains(String.format("E9%03d", i));
      }
      assertThat(all.replaceAll("\\s+", " ")).contains("Runs 60");
    }
  }

  @Test
  void thePdfKeepsEveryLetterOfAReasonWhenTheSystemHasDejaVu() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isReadable(Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf")),
        "SKIPPED: no DejaVu fonts (Debian: fonts-dejavu-core); the PDF falls back to Helvetica");
    ReportRow r = report.rows().get(0);
    ReportRow accented =
        new ReportRow(
            r.employeeId(),
            r.workflowId(),
            r.runId(),
            r.phase(),
            r.outcome(),
            r.rescindReason(),
            r.evidence(),
            r.hrEventAt(),
            r.effectiveAt(),
            r.killSwitch(),
            r.killSwitchCompletedAt(),
            r.latency(),
            r.sla(),
            List.of(
                new ReportException(
                    "entra.RemoveGroupMemberships",
                    "skipped",
                    "Zoë moved Łódź → Kraków; ticket ⚑ 12",
                    "żaneta@contoso.example",
                    null)),
            r.handoverStart(),
            r.handoverEnd(),
            r.handoverEnded());
    AuditReport one =
        new AuditReport(
            report.window(),
            report.generatedAt(),
            report.maxLatency(),
            report.source(),
            report.chain(),
            List.of(accented),
            Totals.of(List.of(accented)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportFormat.PDF.write(one, out);

    try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
      String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
      assertThat(text).contains("Zoë moved Łódź → Kraków", "(by żaneta@contoso.example)");
    }
  }

  private static String render(ReportFormat format) throws IOException {
    return new String(bytes(format), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ReportFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.write(report, out);
    return out.toByteArray();
  }
}
