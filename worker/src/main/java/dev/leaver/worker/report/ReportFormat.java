package dev.leaver.worker.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The formats {@code leaver report} writes. */
public enum ReportFormat {
  CSV,
  JSON,
  HTML,
  PDF;

  /** The format named by {@code --format}, case-insensitive. */
  public static ReportFormat named(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown format '" + name + "': give csv, json, html or pdf");
    }
  }

  /** Writes the report to {@code out} (UTF-8 for the text formats); leaves {@code out} open. */
  public void write(AuditReport report, OutputStream out) throws IOException {
    switch (this) {
      case JSON -> JsonReport.write(report, out);
      case PDF -> PdfReport.write(report, out);
      case CSV, HTML -> {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (this == CSV) {
          CsvReport.write(report, w);
        } else {
          HtmlReport.write(report, w);
        }
        w.flush();
      }
    }
  }
}
