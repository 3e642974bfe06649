package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.OperatorAction;
import dev.leaver.workflows.api.StepState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run as the Web UI shows it: the current details (Markdown, what is parked and why first, then
 * a step table of three short columns, the notes below it, then who acted), and the summary of the
 * timer a parked step waits on, which carries no personal data.
 */
final class RunDetails {
  /** The Web UI's limit is 20 KB; leave room for the header. */
  private static final int MAX_CHARS = 18_000;

  private static final int SUMMARY_BYTES = 200;
  private static final Pattern FAILURE_TYPE = Pattern.compile("^([A-Za-z][A-Za-z0-9_.]*): ");
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private RunDetails() {}

  static String markdown(RunState run) {
    StringBuilder md =
        new StringBuilder("**Offboarding ")
            .append(run.request.employeeId())
            .append("** · ")
            .append(run.phase);
    if (run.outcome() != null) {
      md.append(" · outcome ").append(run.outcome());
    }
    md.append("\n\neffective ").append(time(run.effectiveAt));
    Instant handoverEnds = run.handoverEndsAt();
    if (handoverEnds != null) {
      md.append(" · handover ends ").append(time(handoverEnds));
    }
    md.append("\n\n");
    List<StepRecord> parked = run.ledger.where(s -> s.state == StepState.NEEDS_ATTENTION);
    if (parked.isEmpty()) {
      md.append("Nothing is waiting for an operator.\n\n");
    } else {
      md.append("**Waiting for an operator (")
          .append(parked.size())
          .append(
              ")**: send `retryStep`"
                  + " or `skipStep` with `{\"step\": …, \"reason\": …, \"operator\": …}`\n\n");
      for (StepRecord s : parked) {
        md.append("- **").append(s.stepId).append("**: ").append(oneLine(s.lastError)).append('\n');
      }
      md.append('\n');
    }
    // The Web UI pads no table cell: step ids in code spans keep the columns apart.
    List<StepRecord> steps = run.ledger.all();
    md.append("| step | state | tries |\n|---|---|--:|\n");
    for (StepRecord s : steps) {
      md.append("| `")
          .append(s.stepId)
          .append("` | ")
          .append(s.state == StepState.NEEDS_ATTENTION ? "**PARKED**" : s.state.name())
          .append(" | ")
          .append(s.attempts)
          .append(" |\n");
    }
    StringBuilder notes = new StringBuilder();
    for (StepRecord s : steps) {
      String note = s.state == StepState.NEEDS_ATTENTION ? null : s.note;
      if (note != null) {
        notes.append("- `").append(s.stepId).append("`: ").append(oneLine(note)).append('\n');
      }
    }
    if (!notes.isEmpty()) {
      md.append("\n**Notes**\n\n").append(notes);
    }
    if (!run.operatorActions.isEmpty()) {
      md.append("\n**Who acted**\n\n");
      for (OperatorAction a : run.operatorActions) {
        md.append("- ")
            .append(time(a.at()))
            .append(" `")
            .append(a.update())
            .append('`')
            .append(a.stepId() == null ? "" : " " + a.stepId())
            .append(" by ")
            .append(a.operator())
            .append(a.reason() == null ? "" : ": " + oneLine(a.reason()))
            .append('\n');
      }
    }
    return md.length() > MAX_CHARS
        ? md.substring(0, MAX_CHARS) + "\n\n… cut at 18 KB; the status query has everything"
        : md.toString();
  }

  /**
   * The summary of the timer a parked step waits on ({@code PARKED entra.RemoveGroupMemberships:
   * access left behind …}): the kind of trouble only, since a message may name people or groups.
   */
  static String parkedSummary(StepRecord s) {
    String summary = "PARKED " + s.stepId + ": " + why(s.lastError) + "; retryStep or skipStep";
    return summary.length() > SUMMARY_BYTES ? summary.substring(0, SUMMARY_BYTES) : summary;
  }

  /** The kind of trouble a parked step's message describes, without the message's details. */
  static String why(String lastError) {
    if (lastError == null) {
      return "waiting for an operator";
    }
    if (lastError.startsWith("left behind")) {
      return "access left behind that the API cannot remove";
    }
    if (lastError.startsWith("verification failed")) {
      return "the re-read still sees access";
    }
    if (lastError.startsWith("verification could not run")) {
      return "the verification could not run";
    }
    if (lastError.startsWith("ambiguous")) {
      return "several accounts match, none touched";
    }
    if (lastError.startsWith("no account found")) {
      return "no account found, which the policy requires";
    }
    if (lastError.startsWith("cancelled while running")) {
      return "cancelled while running";
    }
    Matcher type = FAILURE_TYPE.matcher(lastError);
    String retries = lastError.endsWith("(retries exhausted)") ? ", retries exhausted" : "";
    return type.find() ? "failed: " + type.group(1) + retries : "failed" + retries;
  }

  private static String time(Instant t) {
    return t == null ? "-" : UTC.format(t);
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replace('\n', ' ').replace('|', '/');
  }
}
