package dev.leaver.activities.exchange;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.leaver.activities.graph.GraphClients;
import dev.leaver.activities.graph.GraphPreflight;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.util.ArrayList;
import java.util.List;

/**
 * Exchange Online: the leaver's mailbox becomes a shared mailbox (so its licence can go), answers
 * with an automatic reply naming the manager, and is handed over to the manager (FullAccess, and on
 * request forwarding of new mail) until the handover period ends; the manager is told by e-mail.
 *
 * <p>Mailbox cmdlets run through the Exchange Online admin API's {@code InvokeCommand} ({@link
 * AdminApi}: application permission Exchange.ManageAsApp of Office 365 Exchange Online, and the
 * Exchange Administrator role); the automatic reply and the notice go through Microsoft Graph
 * (MailboxSettings.ReadWrite, Mail.Send, Mail.ReadBasic.All).
 */
public final class ExchangeTarget implements TargetSystem {
  static final String ID = "exchange";
  private final Mailboxes mailboxes;
  private final List<TargetAction> actions;
  private final ExchangePreflight preflight;

  public ExchangeTarget(ExchangeConfig config) {
    AdminApi api = new AdminApi(config);
    this.mailboxes = new Mailboxes(api);
    List<GraphPreflight.Need> graphNeeds = new ArrayList<>();
    GraphServiceClient graph = null;
    AutoReplies replies = null;
    if (config.autoReply() || config.notifyFrom() != null) {
      graph =
          GraphClients.create(
              ID,
              config.graphBaseUrl(),
              config.tenantId(),
              config.clientId(),
              config.clientSecret());
    }
    List<TargetAction> list = new ArrayList<>();
    list.add(new ConvertToSharedMailbox(mailboxes));
    if (config.autoReply()) {
      replies = new AutoReplies(graph);
      list.add(new SetAutoReply(replies));
      graphNeeds.add(
          new GraphPreflight.Need(AutoReplies.PERMISSION, SetAutoReply.SPEC.name(), List.of()));
    }
    list.add(new GrantMailboxToManager(mailboxes));
    if (config.forwardToManager()) {
      list.add(new ForwardToManager(mailboxes));
    }
    if (config.notifyFrom() != null) {
      list.add(new NotifyManager(graph, mailboxes, replies, config.notifyFrom()));
      list.add(
          new NotifyManager(
              graph, mailboxes, replies, config.notifyFrom(), NotifyManager.Notice.ENDING));
      list.add(
          new NotifyManager(
              graph, mailboxes, replies, config.notifyFrom(), NotifyManager.Notice.END));
      graphNeeds.add(
          new GraphPreflight.Need(
              NotifyManager.SPEC.permission(), NotifyManager.SPEC.name(), List.of()));
      graphNeeds.add(
          new GraphPreflight.Need(
              NotifyManager.READ,
              NotifyManager.SPEC.name() + " (finds a notice already sent)",
              List.of("Mail.Read", "Mail.ReadWrite")));
    }
    this.actions = List.copyOf(list);
    this.preflight =
        new ExchangePreflight(
            api,
            graph == null ? null : new GraphPreflight(graph, ID, config.clientId(), graphNeeds),
            config.clientId());
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * Finds the leaver's mailbox by the most stable key Exchange has: the UPN, then the primary SMTP
   * address (the leaver's "upn" may be their work e-mail). Two mailboxes are never guessed between.
   * The account id is the mailbox's Entra object id (ExternalDirectoryObjectId), which both the
   * cmdlets' {@code -Identity} and Graph's {@code /users/{id}} take.
   */
  @Override
  public Resolution resolve(Leaver leaver) {
    String key = "userPrincipalName";
    String tried = key;
    List<Mailboxes.Mailbox> found = mailboxes.find("UserPrincipalName", leaver.upn());
    if (found.isEmpty()) {
      key = "primarySmtpAddress";
      tried = "userPrincipalName, then primarySmtpAddress";
      found = mailboxes.find("PrimarySmtpAddress", leaver.upn());
    }
    if (found.size() > 1) {
      List<String> ids = found.stream().map(Mailboxes.Mailbox::id).toList();
      return Resolution.ambiguous(
          ID,
          key,
          ids,
          found.size()
              + " Exchange mailboxes match the leaver's "
              + key
              + ": "
              + ids
              + "; none touched");
    }
    if (found.size() == 1) {
      Mailboxes.Mailbox m = found.get(0);
      return Resolution.found(
          ID, m.id(), key, "Exchange " + m.type() + " " + m.id() + ", matched on " + key);
    }
    return Resolution.notFound(
        ID,
        tried,
        "no Exchange Online mailbox has the leaver's UPN as its UPN or" + " primary SMTP address");
  }

  @Override
  public List<TargetAction> actions() {
    return actions;
  }

  /**
   * Exchange.ManageAsApp through a read-only Get-Mailbox, and the Graph grants of the mail actions.
   */
  @Override
  public List<PermissionCheck> check() {
    return preflight.check();
  }
}
