package dev.leaver.worker.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The report as a PDF (Apache PDFBox): A4 landscape, a table of the runs whose header is repeated
 * on every page, then the totals, "page n of m" at the foot. The text is real text (searchable,
 * extractable). It is set in DejaVu Sans Condensed, embedded (subset), when the system has it
 * (Debian's fonts-dejavu-core), so reasons and names keep every letter; else in Helvetica, which
 * every PDF reader has, with the characters it cannot show replaced ({@code →} by {@code ->},
 * others by {@code ?}).
 */
final class PdfReport {
  private static final PDRectangle PAGE =
      new PDRectangle(
          /* width= */ PDRectangle.A4.getHeight(),
          /* height= */ PDRectangle.A4.getWidth()); // landscape

  private static final float MARGIN = 36;
  private static final float SIZE = 7.5f;
  private static final float LEADING = 9.5f;
  private static final float PAD = 3;
  private static final String[] HEADERS = {
    "Employee",
    "Run / evidence",
    "Outcome",
    "HR event",
    "Effective",
    "Kill switch per system",
    "Latency",
    "SLA",
    "Exceptions (reason, operator)",
    "Handover"
  };
  private static final float[] WIDTHS = {44, 100, 88, 56, 56, 118, 46, 44, 150, 68};
  private static final Map<Character, String> STAND_INS =
      Map.of('→', "->", '…', "...", '∅', "(none)", '≤', "<=", '≥', ">=", '·', "-");

  private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu");

  private final PDDocument doc = new PDDocument();
  private final PDFont regular;
  private final PDFont bold;
  private PDPageContentStream cs;
  private float y;

  private PdfReport() throws IOException {
    Path plain = DEJAVU.resolve("DejaVuSansCondensed.ttf");
    Path heavy = DEJAVU.resolve("DejaVuSansCondensed-Bold.ttf");
    if (Files.isReadable(plain) && Files.isReadable(heavy)) {
      regular = PDType0Font.load(doc, plain.toFile());
      bold = PDType0Font.load(doc, heavy.toFile());
    } else {
      regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    }
  }

  static void write(AuditReport report, OutputStream out) throws IOException {
    PdfReport pdf = new PdfReport();
    try (PDDocument doc = pdf.doc) {
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle("Offboarding evidence report " + HtmlReport.window(report));
      info.setCreator("Leaver");
      pdf.render(report);
      doc.save(out);
    }
  }

  private void render(AuditReport report) throws IOException {
    newPage();
    text(bold, 14, MARGIN, y, "Offboarding evidence report");
    y -= 16;
    for (String line :
        List.of(
            "Runs with an effective time from "
                + HtmlReport.window(report)
                + "   -   kill-switch SLA "
                + ReportText.maximum(report.maxLatency())
                + "   -   generated "
                + ReportText.time(report.generatedAt())
                + " UTC",
            "Evidence: "
                + report.source()
                + " ("
                + report.chain()
                + "). Times are UTC. Latency runs from the later of the HR event and"
                + " the effective time to the end of the kill switch.")) {
      text(regular, 8, MARGIN, y, line);
      y -= 11;
    }
    y -= 4;
    header();
    for (ReportRow r : report.rows()) {
      String[] cells = {
        r.employeeId(),
        r.runId() + "\n" + r.evidence(),
        r.outcomeText(),
        ReportText.time(r.hrEventAt()),
        ReportText.time(r.effectiveAt()),
        ReportText.killSwitch(r),
        ReportText.latency(r.latency()),
        r.sla().label(),
        String.join("\n", r.exceptions().stream().map(ReportText::exception).toList()),
        ReportText.handover(r)
      };
      List<List<String>> wrapped = new ArrayList<>();
      int lines = 1;
      for (int i = 0; i < cells.length; i++) {
        wrapped.add(wrap(cells[i], WIDTHS[i] - 2 * PAD));
        lines = Math.max(lines, wrapped.get(i).size());
      }
      float height = lines * LEADING + 2 * PAD;
      if (y - height < MARGIN + 14) {
        newPage();
        header();
      }
      row(wrapped, height, r.sla() == Sla.BREACHED ? 7 : -1);
    }
    totals(report.totals());
    footers();
  }

  private void totals(Totals t) throws IOException {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"Runs", String.valueOf(t.runs())});
    for (Outcome o : Outcome.values()) {
      lines.add(new String[] {"   " + o.label(), String.valueOf(t.byOutcome().get(o))});
    }
    lines.add(new String[] {"SLA met", String.valueOf(t.slaMet())});
    lines.add(new String[] {"SLA breached", String.valueOf(t.slaBreached())});
    if (t.slaPending() > 0) {
      lines.add(new String[] {"SLA pending (open)", String.valueOf(t.slaPending())});
    }
    lines.add(new String[] {"SLA not applicable", String.valueOf(t.slaNotApplicable())});
    lines.add(
        new String[] {"Exceptions", t.exceptions() + " in " + t.runsWithExceptions() + " runs"});
    lines.add(new String[] {"Latency p50", dash(ReportText.latency(t.latencyP50()))});
    lines.add(new String[] {"Latency p95", dash(ReportText.latency(t.latencyP95()))});
    lines.add(new String[] {"Latency max", dash(ReportText.latency(t.latencyMax()))});
    float needed = 18 + lines.size() * (LEADING + 2);
    if (y - needed < MARGIN + 14) {
      newPage();
    }
    y -= 14;
    text(bold, 10, MARGIN, y, "Totals");
    y -= 4;
    for (String[] l : lines) {
      float h = LEADING + 2;
      cs.addRect(MARGIN, y - h, 130, h);
      cs.addRect(MARGIN + 130, y - h, 110, h);
      cs.stroke();
      text(bold, SIZE, MARGIN + PAD, y - h + 3.5f, l[0]);
      text(regular, SIZE, MARGIN + 130 + PAD, y - h + 3.5f, l[1]);
      y -= h;
    }
  }

  private static String dash(String s) {
    return s.isEmpty() ? "-" : s;
  }

  private void header() throws IOException {
    List<List<String>> cells = new ArrayList<>();
    for (int i = 0; i < HEADERS.length; i++) {
      cells.add(wrap(HEADERS[i], WIDTHS[i] - 2 * PAD));
    }
    float height = cells.stream().mapToInt(List::size).max().orElse(1) * LEADING + 2 * PAD;
    cs.setNonStrokingColor(0.93f, 0.94f, 0.96f);
    cs.addRect(MARGIN, y - height, total(), height);
    cs.fill();
    cs.setNonStrokingColor(0f, 0f, 0f);
    cells(cells, height, bold, -1);
  }

  private void row(List<List<String>> cells, float height, int redColumn) throws IOException {
    cells(cells, height, regular, redColumn);
  }

  private void cells(List<List<String>> cells, float height, PDFont font, int redColumn)
      throws IOException {
    float x = MARGIN;
    cs.setLineWidth(0.4f);
    cs.setStrokingColor(0.75f, 0.78f, 0.82f);
    for (int i = 0; i < cells.size(); i++) {
      cs.addRect(x, y - height, WIDTHS[i], height);
      cs.stroke();
      if (i == redColumn) {
        cs.setNonStrokingColor(0.7f, 0.1f, 0.1f);
      }
      float ly = y - PAD - SIZE;
      for (String line : cells.get(i)) {
        text(i == redColumn ? bold : font, SIZE, x + PAD, ly, line);
        ly -= LEADING;
      }
      if (i == redColumn) {
        cs.setNonStrokingColor(0f, 0f, 0f);
      }
      x += WIDTHS[i];
    }
    y -= height;
  }

  private void newPage() throws IOException {
    if (cs != null) {
      cs.close();
    }
    PDPage page = new PDPage(PAGE);
    doc.addPage(page);
    cs = new PDPageContentStream(doc, page);
    y = PAGE.getHeight() - MARGIN;
  }

  private void footers() throws IOException {
    cs.close();
    int n = doc.getNumberOfPages();
    for (int i = 0; i < n; i++) {
      try (PDPageContentStream foot =
          new PDPageContentStream(
              doc, doc.getPage(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
        String s = "Leaver offboarding evidence report - page " + (i + 1) + " of " + n;
        foot.beginText();
        foot.setFont(regular, 7);
        foot.newLineAtOffset(PAGE.getWidth() - MARGIN - width(regular, 7, s), MARGIN / 2);
        foot.showText(s);
        foot.endText();
      }
    }
  }

  private void text(PDFont font, float size, float x, float atY, String s) throws IOException {
    cs.beginText();
    cs.setFont(font, size);
    cs.newLineAtOffset(x, atY);
    cs.showText(printable(font, s));
    cs.endText();
  }

  private List<String> wrap(String text, float width) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String paragraph : (text == null ? "" : text).split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      for (String word : printable(regular, paragraph).split(" ")) {
        String candidate = line.length() == 0 ? word : line + " " + word;
        if (width(bold, SIZE, candidate) <= width) {
          line.setLength(0);
          line.append(candidate);
          continue;
        }
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        // A word wider than the column (a run id): break it where it must.
        String rest = word;
        while (width(bold, SIZE, rest) > width) {
          int cut = rest.length() - 1;
          while (cut > 1 && width(bold, SIZE, rest.substring(0, cut)) > width) {
            cut--;
          }
          lines.add(rest.substring(0, cut));
          rest = rest.substring(cut);
        }
        line.append(rest);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static float width(PDFont font, float size, String s) throws IOException {
    return font.getStringWidth(s) / 1000 * size;
  }

  private static float total() {
    float sum = 0;
    for (float w : WIDTHS) {
      sum += w;
    }
    return sum;
  }

  /** The text with every character the font cannot show replaced. */
  static String printable(PDFont font, String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              String c = new String(Character.toChars(cp));
              if (cp == '\t') {
                b.append(' ');
                return;
              }
              try {
                font.encode(c);
                b.append(c);
              } catch (IOException | IllegalArgumentException notInTheFont) {
                b.append(cp <= Character.MAX_VALUE ? STAND_INS.getOrDefault((char) cp, "?") : "?");
              }
            });
    return b.toString();
  }
}
