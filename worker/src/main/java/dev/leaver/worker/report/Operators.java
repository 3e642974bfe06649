package dev.leaver.worker.report;

import dev.leaver.workflows.api.StepStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Who skipped a step and why, as far as the evidence says. */
final class Operators {
  /**
   * The note a skip leaves: {@code skipped by operator: <why>} from runs before updates named their
   * operator, {@code skipped by operator <who>: <why>} since (issue 10 item 3). Who is up to the
   * first ": ", so an identity such as {@code temporal-cli:root@host} stays whole.
   */
  private static final Pattern SKIP =
      Pattern.compile("skipped by operator(?: (.+?))?: (.*)", Pattern.DOTALL);

  private Operators() {}

  /**
   * The step's last skip: from the operator actions the run records (who, why), else read from the
   * step's note (runs from before updates named their operator); null when there was none.
   */
  static Skip skip(StepStatus step) {
    var last = step.lastOperatorAction();
    if (last != null && "skipStep".equals(last.update())) {
      return new Skip(last.operator(), last.reason());
    }
    Matcher m = SKIP.matcher(step.note() == null ? "" : step.note());
    return m.find() ? new Skip(m.group(1), m.group(2)) : null;
  }

  /**
   * One operator's skip.
   *
   * @param operator who, or null for a run from before updates named their operator
   * @param reason why
   */
  record Skip(String operator, String reason) {}
}
