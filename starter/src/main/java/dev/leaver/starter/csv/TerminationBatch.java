package dev.leaver.starter.csv;

import dev.leaver.starter.hris.TerminationEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A mass-layoff file from HR: one termination per row, read and validated as a whole.
 *
 * <pre>{@code
 * employeeId,upn,manager,effectiveDate,timeZone,involuntary
 * E1001,ada.lovelace@contoso.example,grace.hopper@contoso.example,2026-11-30,Europe/London,yes
 * }</pre>
 *
 * <p>UTF-8 (a byte-order mark is allowed), comma-separated with RFC 4180 quoting, and a header row
 * naming the columns in any order and any case:
 *
 * <ul>
 *   <li>{@code employeeId}, required: letters, digits, {@code .}, {@code _} and {@code -}, at most
 *       64;
 *   <li>{@code upn} or {@code email}, required: the leaver's work e-mail;
 *   <li>{@code manager}, optional: the e-mail of who takes the handover;
 *   <li>{@code effectiveDate} (YYYY-MM-DD, the last day worked: access ends at the start of the
 *       next day in {@code timeZone}) or {@code effectiveAt} (an ISO instant): exactly one per row;
 *   <li>{@code timeZone}, optional: an IANA id; the caller's default when empty;
 *   <li>{@code involuntary}, optional: true, false, yes, no, 1 or 0; false when empty;
 *   <li>{@code population}, optional: the policy population ({@code contractor}, …); the policy's
 *       own settings when empty;
 *   <li>{@code legalHold}, optional: as {@code involuntary}; true keeps every account of the leaver
 *       from deletion until an operator lifts the hold;
 *   <li>{@code eventId}, optional: by default {@code csv:<file name>:<employeeId>:<access end>},
 *       the same on every import of the same file.
 * </ul>
 *
 * <p>Every row is checked before any is returned, and every problem is reported with its physical
 * line (the header is line 1), so a file is imported whole or not at all. Blank rows are skipped.
 */
public final class TerminationBatch {
  static final String SOURCE = "csv";

  // RFC 4180 plus spaces around quoted fields, as hand-edited files have; empty lines are kept so
  // the parser's line count stays the file's, and skipped below.
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).setIgnoreSurroundingSpaces(true).get();
  private static final char BOM = '\uFEFF';

  private final ZoneId defaultZone;
  private final Clock clock;

  /**
   * @param defaultZone the zone for rows that name none, e.g. the HR department's
   * @param clock gives every event of a reading the same {@code eventAt}
   */
  public TerminationBatch(ZoneId defaultZone, Clock clock) {
    this.defaultZone = Objects.requireNonNull(defaultZone, "defaultZone == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Reads the file; its name goes into the default event ids.
   *
   * @throws IOException when the file cannot be read at all (a bad file is a {@link
   *     Reading.Invalid}, not an exception)
   */
  public Reading read(Path file) throws IOException {
    return read(file.getFileName().toString(), Files.readAllBytes(file));
  }

  /** Reads a file's bytes; {@code fileName} goes into the default event ids. */
  public Reading read(String fileName, byte[] content) {
    Objects.requireNonNull(fileName, "fileName == null");
    List<RowProblem> problems = new ArrayList<>();
    String text = decode(content, problems);
    if (text == null) {
      return new Reading.Invalid(problems);
    }
    if (text.isBlank()) {
      return new Reading.Invalid(
          List.of(
              new RowProblem(
                  1,
                  "the file is empty; it needs a header row naming the columns "
                      + Column.allNames())));
    }
    List<TerminationEvent> events = parse(fileName, text, problems);
    if (problems.isEmpty()) {
      return new Reading.Valid(events);
    }
    // Stable: a line's problems keep the order of its columns.
    problems.sort(Comparator.comparingInt(RowProblem::line));
    return new Reading.Invalid(problems);
  }

  private List<TerminationEvent> parse(String fileName, String text, List<RowProblem> problems) {
    List<TerminationEvent> events = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
      Iterator<CSVRecord> records = parser.iterator();
      Optional<Header> header = header(records.next().toList(), problems);
      if (header.isEmpty()) {
        return events;
      }
      RowReader rows = new RowReader(header.get(), fileName, defaultZone, clock.instant());
      Firsts firsts = new Firsts(header.get());
      boolean anyRow = false;
      while (true) {
        // The record about to be read starts on the line after the last one the parser consumed;
        // CSVRecord's own number counts records, which differs once a quoted field spans lines.
        int line = (int) parser.getCurrentLineNumber() + 1;
        List<String> fields;
        try {
          if (!records.hasNext()) {
            break;
          }
          fields = records.next().toList();
        } catch (UncheckedIOException e) {
          // The parser cannot find where the broken field ends, so later lines cannot be trusted.
          problems.add(
              new RowProblem(
                  line,
                  "a quoted field is not closed properly (a \" inside quotes is written"
                      + " \"\"); rows after this one were not checked"));
          return events;
        }
        if (fields.stream().allMatch(String::isBlank)) {
          continue;
        }
        anyRow = true;
        rows.read(line, fields, problems).ifPresent(events::add);
        firsts.check(line, fields, problems);
      }
      if (!anyRow) {
        problems.add(new RowProblem(1, "the file has a header but no rows"));
      }
      return events;
    } catch (IOException | UncheckedIOException e) {
      // Parsing a String does no I/O; only a malformed header row gets here (rows are caught
      // above).
      problems.add(new RowProblem(1, "the header row is not valid CSV"));
      return events;
    }
  }

  private static Optional<Header> header(List<String> names, List<RowProblem> problems) {
    if (names.size() == 1 && (names.get(0).contains(";") || names.get(0).contains("\t"))) {
      // Excel in many locales saves "CSV" with semicolons; say so instead of one unknown column.
      problems.add(
          new RowProblem(
              1,
              "the header is one column with ';' or tabs in it; save the file with commas"
                  + " between fields (CSV UTF-8)"));
      return Optional.empty();
    }
    return Header.read(names, problems);
  }

  /**
   * Strict UTF-8: a file saved in a legacy code page would otherwise import names and addresses
   * with replacement characters in them.
   */
  private static String decode(byte[] content, List<RowProblem> problems) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content);
    CharBuffer out = CharBuffer.allocate(content.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      problems.add(
          new RowProblem(
              lineAt(content, in.position()),
              "has bytes that are not UTF-8; save the file as CSV UTF-8"));
      return null;
    }
    decoder.flush(out);
    String text = out.flip().toString();
    return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
  }

  private static int lineAt(byte[] content, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (content[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Remembers where each employee id and explicit event id first appeared. */
  private static final class Firsts {
    private final Header header;
    private final Map<String, Integer> employeeIds = new HashMap<>();
    private final Map<String, Integer> eventIds = new HashMap<>();

    Firsts(Header header) {
      this.header = header;
    }

    /** One run per employee: a second row for the same person is a mistake in the file. */
    void check(int line, List<String> fields, List<RowProblem> problems) {
      if (fields.size() != header.width()) {
        return;
      }
      repeat("employeeId", header.value(fields, Column.EMPLOYEE_ID), employeeIds, line, problems);
      // The sink drops an event id it has seen: a repeated one would silently lose a row.
      repeat("eventId", header.value(fields, Column.EVENT_ID), eventIds, line, problems);
    }

    private static void repeat(
        String column, String v, Map<String, Integer> seen, int line, List<RowProblem> problems) {
      if (v == null) {
        return;
      }
      Integer first = seen.putIfAbsent(v, line);
      if (first != null) {
        problems.add(
            new RowProblem(
                line, column + " \"" + v + "\" appears again; it is first on line " + first));
      }
    }
  }
}
