package dev.leaver.starter.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationBatchTest {
  private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
  private final TerminationBatch batch =
      new TerminationBatch(ZoneId.of("UTC"), Clock.fixed(NOW, ZoneOffset.UTC));

  private static byte[] sample(String name) throws IOException {
    try (InputStream in = TerminationBatchTest.class.getResourceAsStream("/csv/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  private Reading read(String name) throws IOException {
    return batch.read(name, sample(name));
  }

  private Reading text(String csv) {
    return batch.read("inline.csv", csv.getBytes(StandardCharsets.UTF_8));
  }

  private static List<TerminationEvent> events(Reading r) {
    assertThat(r).isInstanceOf(Reading.Valid.class);
    return ((Reading.Valid) r).events();
  }

  private static List<String> problems(Reading r) {
    assertThat(r).isInstanceOf(Reading.Invalid.class);
    return ((Reading.Invalid) r).problems().stream().map(RowProblem::toString).toList();
  }

  @Test
  void aGoodFileWithQuotedFieldsGivesOneTerminationPerRowInFileOrder() throws IOException {
    List<TerminationEvent> events = events(read("good.csv"));

    assertThat(events)
        .extracting(TerminationEvent::employeeId)
        .containsExactly("E1001", "E0042", "E1002");
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TERMINATION);
              assertThat(e.source()).isEqualTo("csv");
              assertThat(e.eventAt()).isEqualTo(NOW);
            });
    TerminationEvent ada = events.get(0);
    assertThat(ada.upn()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(ada.managerUpn()).isEqualTo("grace.hopper@contoso.example");
    assertThat(ada.involuntary()).isTrue();
    assertThat(events.get(1).eventId()).isEqualTo("wave 1, \"Q4\" layoff");
    assertThat(events.get(1).managerUpn()).isNull();
    assertThat(events.get(1).involuntary()).isFalse();
    TerminationEvent alan = events.get(2);
    assertThat(alan.upn()).isEqualTo("alan.turing@contoso.example");
    assertThat(alan.managerUpn()).isEqualTo("grace.hopper@contoso.example");
    assertThat(alan.involuntary()).isFalse();
  }

  @Test
  void theEffectiveDateIsTheLastDayWorkedSoAccessEndsAtTheNextMidnightInTheRowsZone()
      throws IOException {
    List<TerminationEvent> events = events(read("good.csv"));

    TerminationEvent newYork = events.get(0);
    assertThat(newYork.effectiveDate()).isEqualTo(LocalDate.parse("2026-11-30"));
    assertThat(newYork.effectiveAt()).isNull();
    assertThat(newYork.timeZone()).isEqualTo("America/New_York");
    assertThat(newYork.accessEnds()).isEqualTo(Instant.parse("2026-12-01T05:00:00Z"));
    TerminationEvent defaultZone = events.get(1);
    assertThat(defaultZone.timeZone()).isEqualTo("UTC");
    assertThat(defaultZone.accessEnds()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
  }

  @Test
  void populationAndLegalHoldColumnsReachTheEventAndABadValueIsNamedWithItsLine() {
    Reading good =
        text(
            """
        employeeId,upn,effectiveDate,population,legalHold
        E1001,ada.lovelace@contoso.example,2026-11-30,contractor,yes
        E0042,grace.hopper@contoso.example,2026-11-30,,
        """);
    Reading bad =
        text(
            """
        employeeId,upn,effectiveDate,population,legalHold
        E1001,ada.lovelace@contoso.example,2026-11-30,temp staff,maybe
        """);

    assertThat(events(good))
        .extracting(TerminationEvent::population)
        .containsExactly("contractor", null);
    assertThat(events(good)).extracting(TerminationEvent::legalHold).containsExactly(true, false);
    var request =
        dev.leaver.starter.TerminationIntake.requestFor(
            events(good).get(0), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(request.population()).isEqualTo("contractor");
    assertThat(request.legalHold()).as("the run starts with HR's legal hold").isTrue();
    assertThat(problems(bad))
        .anyMatch(p -> p.contains("2") && p.contains("population \"temp staff\""))
        .anyMatch(p -> p.contains("legalHold \"maybe\" is not one of true, false"));
  }

  @Test
  void anEffectiveAtInstantIsTakenAsGivenWithTheZoneKept() throws IOException {
    TerminationEvent alan = events(read("good.csv")).get(2);

    assertThat(alan.effectiveAt()).isEqualTo(Instant.parse("2026-12-01T17:00:00Z"));
    assertThat(alan.effectiveDate()).isNull();
    assertThat(alan.timeZone()).isEqualTo("Europe/London");
  }

  @Test
  void theDefaultEventIdIsTheSameOnEveryImportOfTheSameFile() throws IOException {
    TerminationBatch later =
        new TerminationBatch(ZoneId.of("UTC"), Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));

    TerminationEvent first = events(read("good.csv")).get(0);
    TerminationEvent again = events(later.read("good.csv", sample("good.csv"))).get(0);

    assertThat(first.eventId()).isEqualTo("csv:good.csv:E1001:2026-12-01T05:00:00Z");
    assertThat(again.eventId()).isEqualTo(first.eventId());
  }

  @Test
  void aCorrectedDateGetsANewDefaultEventIdSoTheCorrectionIsNotDroppedAsARepeat() {
    String before = "employeeId,upn,effectiveDate\nE1001,ada.lovelace@contoso.example,2026-11-30\n";
    String after = "employeeId,upn,effectiveDate\nE1001,ada.lovelace@contoso.example,2026-12-15\n";

    assertThat(events(text(after)).get(0).eventId())
        .isNotEqualTo(events(text(before)).get(0).eventId());
  }

  @Test
  void everyBadRowIsReportedWithItsPhysicalLineAndNothingIsReturnedAsValid() throws IOException {
    assertThat(problems(read("bad.csv")))
        .containsExactly(
            "line 3: employeeId \"E 12\" has characters other than letters, digits, '.', '_' or '-'",
            "line 4: upn \"not-an-email\" is not an e-mail address",
            "line 5: effectiveDate \"2026-13-01\" is not a date (YYYY-MM-DD)",
            "line 6: effectiveDate or effectiveAt is required",
            "line 7: give effectiveDate or effectiveAt, not both",
            "line 8: upn \"f@contoso.example\ncontinued\" is not an e-mail address",
            "line 10: timeZone \"Mars/Olympus_Mons\" is not an IANA time zone (e.g. Europe/London)",
            "line 10: involuntary \"maybe\" is not one of true, false, yes, no, 1, 0",
            "line 12: has 3 fields but the header has 7",
            "line 13: employeeId \"E1001\" appears again; it is first on line 2",
            "line 14: manager is the leaver themself; leave it empty or name who takes the handover");
  }

  @Test
  void aRepeatedEmployeeIdOrEventIdIsAnErrorNamingTheFirstLine() throws IOException {
    assertThat(problems(read("duplicates.csv")))
        .containsExactly(
            "line 3: eventId \"evt-1\" appears again; it is first on line 2",
            "line 4: employeeId \"E1001\" appears again; it is first on line 2",
            "line 6: employeeId \"E1001\" appears again; it is first on line 2");
  }

  @Test
  void missingRequiredColumnsAndUnknownColumnsAreFileLevelProblemsOnTheHeaderLine()
      throws IOException {
    assertThat(problems(read("missing-column.csv")))
        .containsExactly(
            "line 1: unknown column \"department\"; the columns are employeeId, upn, email,"
                + " manager, effectiveDate, effectiveAt, timeZone, involuntary, population, legalHold, eventId",
            "line 1: required column upn (or email) is missing",
            "line 1: required column effectiveDate (or effectiveAt) is missing");
  }

  @Test
  void anUnknownColumnIsReportedAlongsideTheRowsWhenTheRequiredOnesArePresent() {
    assertThat(
            problems(
                text(
                    "employeeId,upn,effectiveDate,Department\n"
                        + "E1001,ada.lovelace@contoso.example,2026-13-30,Research\n")))
        .containsExactly(
            "line 1: unknown column \"Department\"; the columns are employeeId, upn, email,"
                + " manager, effectiveDate, effectiveAt, timeZone, involuntary, population, legalHold, eventId",
            "line 2: effectiveDate \"2026-13-30\" is not a date (YYYY-MM-DD)");
  }

  @Test
  void aColumnNamedTwiceIsAProblem() {
    assertThat(
            problems(
                text("employeeId,upn,effectiveDate,UPN\nE1,a@b.example,2026-11-30,a@b.example\n")))
        .containsExactly("line 1: column upn appears twice");
  }

  @Test
  void aByteOrderMarkAndCrLfLineEndingsAreAccepted() throws IOException {
    byte[] bytes = sample("bom.csv");
    assertThat(bytes[0]).isEqualTo((byte) 0xEF);

    List<TerminationEvent> events = events(batch.read("bom.csv", bytes));

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.employeeId()).isEqualTo("E1001");
              assertThat(e.timeZone()).isEqualTo("Europe/London");
              assertThat(e.accessEnds()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
            });
  }

  @Test
  void anEmptyFileIsAProblem() {
    assertThat(problems(batch.read("empty.csv", new byte[0])))
        .singleElement()
        .asString()
        .startsWith("line 1: the file is empty");
    assertThat(problems(text("\uFEFF\n\n")))
        .singleElement()
        .asString()
        .startsWith("line 1: the file is empty");
  }

  @Test
  void aHeaderWithoutRowsIsAProblem() {
    assertThat(problems(text("employeeId,upn,effectiveDate\n\n")))
        .containsExactly("line 1: the file has a header but no rows");
  }

  @Test
  void blankAndAllEmptyRowsAreSkippedWithoutShiftingLineNumbers() {
    assertThat(problems(text("employeeId,upn,effectiveDate\n\n,,\n  ,, \nE1,nope,2026-11-30\n")))
        .containsExactly("line 5: upn \"nope\" is not an e-mail address");
  }

  @Test
  void aSemicolonSeparatedFileIsRecognisedAndTheFixNamed() {
    assertThat(problems(text("employeeId;upn;effectiveDate\nE1;a@b.example;2026-11-30\n")))
        .singleElement()
        .asString()
        .contains("save the file with commas");
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedWithTheLineOfTheFirstBadByte() {
    byte[] latin1 =
        "employeeId,upn,effectiveDate\nE1,ren\u00e9@contoso.example,2026-11-30\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThat(problems(batch.read("latin1.csv", latin1)))
        .containsExactly("line 2: has bytes that are not UTF-8; save the file as CSV UTF-8");
  }

  @Test
  void anUnclosedQuoteIsReportedOnTheLineItStartsAndStopsTheChecks() {
    assertThat(
            problems(
                text(
                    "employeeId,upn,effectiveDate\n"
                        + "E 1,a@b.example,2026-11-30\n"
                        + "E2,\"a@b.example,2026-11-30\n"
                        + "E3,c@b.example,2026-11-30\n")))
        .containsExactly(
            "line 2: employeeId \"E 1\" has characters other than letters, digits, '.', '_' or '-'",
            "line 3: a quoted field is not closed properly (a \" inside quotes is written \"\");"
                + " rows after this one were not checked");
  }

  @Test
  void columnNamesAreCaseInsensitiveAndEmailStandsInForUpn() {
    TerminationEvent e =
        events(
                text(
                    "EMAIL,EffectiveAt,EmployeeId,TIMEZONE,Involuntary\n"
                        + "ada.lovelace@contoso.example,2026-12-01T17:00:00Z,E1001,Asia/Tokyo,1\n"))
            .get(0);

    assertThat(e.upn()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(e.effectiveAt()).isEqualTo(Instant.parse("2026-12-01T17:00:00Z"));
    assertThat(e.timeZone()).isEqualTo("Asia/Tokyo");
    assertThat(e.involuntary()).isTrue();
  }

  @Test
  void upnAndEmailThatDifferAreAProblem() {
    assertThat(
            problems(
                text(
                    "employeeId,upn,email,effectiveDate\n"
                        + "E1,a@contoso.example,b@contoso.example,2026-11-30\n"
                        + "E2,C@contoso.example,c@contoso.example,2026-11-30\n")))
        .containsExactly(
            "line 2: upn \"a@contoso.example\" and email \"b@contoso.example\" differ; give one");
  }

  @Test
  void anEmployeeIdLongerThan64CharactersOrAnImpossibleDateIsAProblem() {
    String longId = "E".repeat(65);

    assertThat(
            problems(
                text(
                    "employeeId,upn,effectiveDate\n"
                        + longId
                        + ",a@contoso.example,2026-11-30\n"
                        + "E2,b@contoso.example,2026-02-30\n"
                        + ",c@contoso.example,2026-11-30\n")))
        .containsExactly(
            "line 2: employeeId is longer than 64 characters",
            "line 3: effectiveDate \"2026-02-30\" is not a date (YYYY-MM-DD)",
            "line 4: employeeId is empty");
  }

  @Test
  void aZoneOffsetIsRefusedBecauseItIgnoresDaylightSaving() {
    assertThat(
            problems(
                text(
                    "employeeId,upn,effectiveDate,timeZone\n"
                        + "E1,a@contoso.example,2026-11-30,+01:00\n")))
        .containsExactly(
            "line 2: timeZone \"+01:00\" is not an IANA time zone (e.g. Europe/London)");
  }

  @Test
  void readingAPathUsesTheFileNameInTheDefaultEventId(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("wave-2.csv");
    java.nio.file.Files.writeString(
        file, "employeeId,upn,effectiveDate\nE1001,ada.lovelace@contoso.example,2026-11-30\n");

    assertThat(events(batch.read(file)).get(0).eventId())
        .isEqualTo("csv:wave-2.csv:E1001:2026-12-01T00:00:00Z");
  }

  @Test
  void theExampleLayoffFileInTheDocsIsValid() throws IOException {
    Path example = Path.of("..", "docs", "examples", "layoff.csv");

    assertThat(events(batch.read(example)))
        .extracting(
            TerminationEvent::employeeId, TerminationEvent::upn, TerminationEvent::managerUpn)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "E1001", "ada.lovelace@contoso.example", "grace.hopper@contoso.example"),
            org.assertj.core.groups.Tuple.tuple("E0042", "grace.hopper@contoso.example", null),
            org.assertj.core.groups.Tuple.tuple("E1002", "alan.turing@contoso.example", null));
  }
}
