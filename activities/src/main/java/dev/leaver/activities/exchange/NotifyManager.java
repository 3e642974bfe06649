package dev.leaver.activities.exchange;

import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.InternetMessageHeader;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.sendmail.SendMailPostRequestBody;
import dev.leaver.activities.exchange.Mailboxes.FullAccess;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.graph.RequestId;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells the manager, by e-mail from the {@code notifyFrom} mailbox (Graph {@code sendMail}), what
 * access they now have to the leaver's mailbox and until when. A handover step listed after the
 * grants, so it runs once they have settled, and says what it finds at that moment, including that
 * the grant is still waiting for an administrator. The end of the handover comes from the run's
 * facts ({@code handoverEndsAt}, else {@code handoverDays}). Irreversible: a sent mail cannot be
 * unsent, so it is recorded, never undone, and the workflow schedules no revocation for it.
 *
 * <p>The same class sends the reminder ({@link Notice#ENDING}, {@code RemindManager}): a step of
 * the {@code HANDOVER_ENDING} stage, which the workflow runs a few days before the handover ends
 * (not at all when it ends early), telling the manager when the access goes.
 *
 * <p>sendMail is not idempotent. The message's send key is the step's request id, in a {@code
 * x-leaver-send-key} header and in the subject; before sending, the sender's Sent Items are
 * searched for the subject, so a retry after a lost answer sends nothing twice. Graph queues a
 * message (202) and files it in Sent Items once sent, usually within seconds: a retry inside that
 * window can still send a second copy.
 */
final class NotifyManager implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "NotifyManager",
          Stage.HANDOVER,
          false,
          "Mail.Send",
          "e-mail the manager what access they have to the leaver's mailbox and for how long");
  static final ActionSpec REMINDER =
      ActionSpec.of(
          "RemindManager",
          Stage.HANDOVER_ENDING,
          false,
          "Mail.Send",
          "e-mail the manager, a few days before, when their access to the mailbox ends");

  static final ActionSpec ENDED =
      ActionSpec.of(
          "NotifyHandoverEnded",
          Stage.HANDOVER_ENDED,
          false,
          "Mail.Send",
          "e-mail the manager, once the handover's revocations have run, that the access has gone");

  /** Which notice: when the access starts, the reminder before it ends, or once it has gone. */
  enum Notice {
    START,
    ENDING,
    END
  }

  static final String READ = "Mail.ReadBasic.All";
  static final String HEADER = "x-leaver-send-key";
  static final String SENT = "noticeSent";
  private static final DateTimeFormatter END =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private final GraphServiceClient graph;
  private final Mailboxes mailboxes;
  private final AutoReplies replies;
  private final String from;
  private final Notice notice;

  /**
   * @param replies null when the connector sets no automatic reply
   */
  NotifyManager(GraphServiceClient graph, Mailboxes mailboxes, AutoReplies replies, String from) {
    this(graph, mailboxes, replies, from, Notice.START);
  }

  NotifyManager(
      GraphServiceClient graph,
      Mailboxes mailboxes,
      AutoReplies replies,
      String from,
      Notice notice) {
    this.graph = graph;
    this.mailboxes = mailboxes;
    this.replies = replies;
    this.from = from;
    this.notice = notice;
  }

  @Override
  public ActionSpec spec() {
    return switch (notice) {
      case START -> SPEC;
      case ENDING -> REMINDER;
      case END -> ENDED;
    };
  }

  /** The subject, which carries the send key so the Sent Items can be searched for it. */
  String subject(Target t) {
    return (switch (notice) {
          case START -> "Mailbox handover: ";
          case ENDING -> "Mailbox handover ends soon: ";
          case END -> "Mailbox handover ended: ";
        })
        + t.leaver().upn()
        + " (Leaver ref "
        + t.requestId()
        + ")";
  }

  /** {@code noticeSent}: yes when the sender's Sent Items hold this step's notice. */
  @Override
  public Map<String, String> snapshot(Target t) {
    return Map.of(SENT, t.leaver().managerUpn() != null && sent(t) ? "yes" : "no");
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    if (t.leaver().managerUpn() == null) {
      return new Decision.NoOp("no manager on record to notify");
    }
    if ("yes".equals(before.get(SENT))) {
      return new Decision.NoOp("the notice was sent already: it is in the sender's Sent Items");
    }
    return new Decision.Write(
        switch (notice) {
          case START ->
              "e-mail the manager what access they have to the leaver's mailbox, for the handover period";
          case ENDING ->
              "e-mail the manager that their access to the leaver's mailbox ends soon, and when";
          case END -> "e-mail the manager that their access to the leaver's mailbox has ended";
        });
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    if (t.requestId() == null) {
      throw new TargetException.Rejected(
          "NotifyManager needs the step's request id as its send key", null);
    }
    if (sent(t)) {
      return new Change(
          Map.of(SENT, "yes"),
          true,
          null,
          List.of(),
          List.of("sent by an earlier attempt of this step whose answer was lost"));
    }
    String body =
        switch (notice) {
          case START -> body(t);
          case ENDING -> reminder(t);
          case END -> ended(t);
        };
    progress.beat();
    RequestId requestId = new RequestId();
    GraphErrors.run(
        SPEC.permission(),
        () ->
            graph
                .users()
                .byUserId(from)
                .sendMail()
                .post(message(t, body), rc -> requestId.addTo(rc.options)));
    return new Change(
        Map.of(SENT, "yes"),
        true,
        requestId.value(),
        List.of(),
        List.of("a sent e-mail cannot be unsent"));
  }

  /** A notice grants no access; this says whether it is in the sender's Sent Items. */
  @Override
  public Check verify(Target t, Receipt receipt) {
    return Check.removed(
        t.leaver().managerUpn() != null && sent(t)
            ? "the notice is in the sender's Sent Items (a notice grants no access)"
            : "no notice in the sender's Sent Items (a notice grants no access)");
  }

  /** Whether the sender's Sent Items hold a message with this step's subject. */
  private boolean sent(Target t) {
    String filter = "subject eq '" + subject(t).replace("'", "''") + "'";
    var found =
        GraphErrors.call(
            READ,
            () ->
                graph
                    .users()
                    .byUserId(from)
                    .mailFolders()
                    .byMailFolderId("sentitems")
                    .messages()
                    .get(
                        rc -> {
                          rc.queryParameters.filter = filter;
                          rc.queryParameters.select = new String[] {"id", "subject"};
                          rc.queryParameters.top = 1;
                        }));
    return found != null && found.getValue() != null && !found.getValue().isEmpty();
  }

  /** What the manager is told: the access found now, never a secret. */
  private String body(Target t) {
    String leaver = t.leaver().upn();
    boolean fullAccess =
        mailboxes.fullAccess(t.accountId(), t.leaver().managerUpn()) != FullAccess.NONE;
    Mailboxes.Mailbox box = mailboxes.get(t.accountId());
    boolean forwarded =
        ("smtp:" + t.leaver().managerUpn()).equalsIgnoreCase(box.forwardingSmtpAddress());
    boolean autoReply =
        replies != null
            && "alwaysEnabled".equals(replies.read(t.accountId()).get(AutoReplies.STATUS));
    StringBuilder b =
        new StringBuilder("Hello,\n\n")
            .append(leaver)
            .append(" has left the organisation, and you are recorded as their manager.\n\n");
    if (!fullAccess && !forwarded) {
      b.append(
          "Leaver, the offboarding system, has not yet been able to give you access to their"
              + " mailbox: that step is waiting for an administrator. Your IT team can see it in Leaver.\n");
    } else {
      b.append("Leaver, the offboarding system, has handed their mailbox over to you:\n");
      if (fullAccess) {
        b.append("- You have full access to the mailbox ")
            .append(leaver)
            .append(
                ". It is not added to"
                    + " Outlook by itself: open it with \"Open another mailbox\" in Outlook on the web, or add"
                    + " it as an additional mailbox in Outlook.\n");
      }
      if (forwarded) {
        b.append("- New mail sent to ")
            .append(leaver)
            .append(" is forwarded to you; a copy stays in" + " the mailbox.\n");
      }
      if (autoReply) {
        b.append("- People who write to ")
            .append(leaver)
            .append(" get an automatic reply naming you" + " as the contact.\n");
      }
      b.append('\n')
          .append(until(t.facts()))
          .append(" Then Leaver removes it: keep what you need" + " before then.\n");
    }
    return b.append(
            "\nIf you should not have this access, or need it for longer, contact your IT team."
                + "\n\nLeaver reference: ")
        .append(t.requestId())
        .append('\n')
        .toString();
  }

  /** The reminder: what the manager can still reach, and when it goes. */
  private String reminder(Target t) {
    String leaver = t.leaver().upn();
    return "Hello,\n\nThis is a reminder from Leaver, the offboarding system: what was handed over to"
        + " you from the mailbox "
        + leaver
        + " (access to it, mail forwarded from it) ends soon. "
        + until(t.facts())
        + " Then Leaver removes it: keep what you need before then.\n\nIf you need it for longer,"
        + " contact your IT team.\n\nLeaver reference: "
        + t.requestId()
        + "\n";
  }

  /** Once the revocations have run: what has gone, and what the manager can still do. */
  private String ended(Target t) {
    String leaver = t.leaver().upn();
    return "Hello,\n\nThis is Leaver, the offboarding system: the handover of the mailbox "
        + leaver
        + " to you has ended. Your access to it and any mail forwarded from it to you have been"
        + " removed.\n\nIf you still need something from it, contact your IT team.\n\nLeaver reference: "
        + t.requestId()
        + "\n";
  }

  /** Until when, as far as the run knows: the scheduled end, else the policy's length. */
  static String until(Map<String, String> facts) {
    String policy = "the handover period set by your organisation's policy";
    String ends = facts.get("handoverEndsAt");
    if (ends != null) {
      try {
        return "This access lasts until "
            + END.format(Instant.parse(ends))
            + ", the end of "
            + policy
            + " (unless your IT team ends or extends it).";
      } catch (DateTimeParseException notAnInstant) {
        // fall through to what else the run knows
      }
    }
    String days = facts.get("handoverDays");
    if (days != null && days.matches("[0-9]+")) {
      return "This access lasts for "
          + policy
          + ": "
          + days
          + (days.equals("1") ? " day." : " days.");
    }
    return "This access lasts for " + policy + ".";
  }

  private SendMailPostRequestBody message(Target t, String text) {
    ItemBody body = new ItemBody();
    body.setContentType(BodyType.Text);
    body.setContent(text);
    EmailAddress address = new EmailAddress();
    address.setAddress(t.leaver().managerUpn());
    Recipient to = new Recipient();
    to.setEmailAddress(address);
    InternetMessageHeader key = new InternetMessageHeader();
    key.setName(HEADER);
    key.setValue(t.requestId());
    Message m = new Message();
    m.setSubject(subject(t));
    m.setBody(body);
    m.setToRecipients(List.of(to));
    m.setInternetMessageHeaders(List.of(key));
    SendMailPostRequestBody request = new SendMailPostRequestBody();
    request.setMessage(m);
    request.setSaveToSentItems(true);
    return request;
  }
}
