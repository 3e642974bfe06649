package dev.leaver.worker.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The report as JSON: the model as it is, times as ISO-8601 UTC instants, durations (latency, the
 * SLA maximum) as ISO-8601 durations ({@code PT0.512S}).
 */
final class JsonReport {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static void write(AuditReport report, OutputStream out) throws IOException {
    JSON.writeValue(out, report);
    out.write('\n');
  }
}
