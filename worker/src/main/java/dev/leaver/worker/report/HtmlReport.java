package dev.leaver.worker.report;

import java.io.IOException;
import java.util.List;

/**
 * The report as one self-contained HTML page (inline style, no script, no external resource), laid
 * out for the screen and for printing (landscape, the header row repeated on each page).
 */
final class HtmlReport {
  private static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:2em;color:#1b1f24}
      h1{font-size:1.4em;margin:0 0 .2em}
      .meta{color:#57606a;margin:0 0 1em}
      table{border-collapse:collapse;width:100%;font-size:.85em}
      th,td{border:1px solid #d0d7de;padding:.35em .5em;vertical-align:top;text-align:left}
      th{background:#f6f8fa}
      td{white-space:pre-line}
      td.fixed{white-space:pre}
      td.id{overflow-wrap:anywhere;min-width:9em}
      td.num{text-align:right;white-space:nowrap}
      h2{font-size:1.1em;margin:1.5em 0 .4em}
      .breached{color:#b42318;font-weight:600}
      .met{color:#1a7f37}
      .totals{width:auto}
      .totals th{width:16em}
      @media print{body{margin:0}@page{size:A4 landscape;margin:12mm}thead{display:table-header-group}tr{page-break-inside:avoid}}
      """;

  private HtmlReport() {}

  static void write(AuditReport report, Appendable out) throws IOException {
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Leaver offboarding report ")
        .append(esc(window(report)))
        .append("</title>")
        .append("<style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    out.append("<h1>Offboarding evidence report</h1>\n<p class=\"meta\">")
        .append(
            esc(
                "Runs with an effective time from "
                    + window(report)
                    + " · kill-switch SLA "
                    + ReportText.maximum(report.maxLatency())
                    + " · generated "
                    + ReportText.time(report.generatedAt())
                    + " UTC · evidence: "
                    + report.source()
                    + " · "
                    + report.chain()))
        .append(
            "</p>\n<p class=\"meta\">Times are UTC. Latency runs from the later of the HR event and the"
                + " effective time to the end of the kill switch.</p>\n");
    out.append("<table><thead><tr>");
    for (String h :
        List.of(
            "Employee",
            "Run",
            "Outcome",
            "HR event",
            "Effective",
            "Kill switch per system",
            "Latency",
            "SLA",
            "Exceptions (reason, operator)",
            "Handover")) {
      out.append("<th>").append(esc(h)).append("</th>");
    }
    out.append("</tr></thead><tbody>\n");
    for (ReportRow r : report.rows()) {
      out.append("<tr>");
      cell(out, r.employeeId(), null);
      cell(out, r.runId() + "\n" + r.evidence(), "id");
      cell(out, r.outcomeText(), null);
      cell(out, ReportText.time(r.hrEventAt()).replace(' ', '\n'), "fixed");
      cell(out, ReportText.time(r.effectiveAt()).replace(' ', '\n'), "fixed");
      cell(out, ReportText.killSwitch(r), "fixed");
      cell(out, ReportText.latency(r.latency()), "num");
      cell(
          out,
          r.sla().label(),
          r.sla() == Sla.BREACHED ? "fixed breached" : r.sla() == Sla.MET ? "fixed met" : "fixed");
      cell(
          out,
          String.join("\n", r.exceptions().stream().map(ReportText::exception).toList()),
          null);
      cell(out, ReportText.handover(r).replace(" → ", " →\n"), "fixed");
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n");
    Totals t = report.totals();
    out.append("<h2>Totals</h2>\n<table class=\"totals\"><tbody>\n");
    total(out, "Runs", t.runs() + "");
    for (Outcome o : Outcome.values()) {
      total(out, "  " + o.label(), t.byOutcome().get(o) + "");
    }
    total(out, "SLA met", t.slaMet() + "");
    total(out, "SLA breached", t.slaBreached() + "");
    if (t.slaPending() > 0) {
      total(out, "SLA pending (open)", t.slaPending() + "");
    }
    total(out, "SLA not applicable", t.slaNotApplicable() + "");
    total(out, "Exceptions", t.exceptions() + " in " + t.runsWithExceptions() + " runs");
    total(out, "Latency p50", ReportText.latency(t.latencyP50()));
    total(out, "Latency p95", ReportText.latency(t.latencyP95()));
    total(out, "Latency max", ReportText.latency(t.latencyMax()));
    out.append("</tbody></table>\n</body></html>\n");
  }

  static String window(AuditReport r) {
    return ReportText.time(r.window().from())
        + " to "
        + ReportText.time(r.window().to())
        + " (exclusive)";
  }

  private static void cell(Appendable out, String text, String cls) throws IOException {
    out.append(cls == null ? "<td>" : "<td class=\"" + cls + "\">")
        .append(esc(text))
        .append("</td>");
  }

  private static void total(Appendable out, String name, String value) throws IOException {
    out.append("<tr><th>")
        .append(esc(name))
        .append("</th><td class=\"num\">")
        .append(esc(value))
        .append("</td></tr>\n");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
