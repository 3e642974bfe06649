package dev.leaver.sandbox.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.exchange.ExchangeTenant.Ace;
import dev.leaver.sandbox.exchange.ExchangeTenant.Mailbox;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exchange Online's admin API at {@code /exchange/adminapi/beta/{tenantId}/InvokeCommand}: the
 * endpoint the Exchange Online PowerShell module (V3) runs cmdlets through, with a body {@code
 * {"CmdletInput":{"CmdletName":"Get-Mailbox","Parameters":{...}}}}. It runs Get-Mailbox (by {@code
 * -Identity} or a {@code -Filter} on UserPrincipalName or PrimarySmtpAddress),
 * Get-MailboxPermission, Add-MailboxPermission, Remove-MailboxPermission and Set-Mailbox ({@code
 * -Type}, {@code -ForwardingSmtpAddress}, {@code -ForwardingAddress}, {@code
 * -DeliverToMailboxAndForward}) on a seeded organisation, answering with EXO's shapes ({@link
 * ExoJson}: what is confirmed and what is not is said there).
 *
 * <p>Every request is a POST to the same path, so the server's faults (matched on method and path)
 * hit every cmdlet alike; {@link #refuseNext} and {@link #loseNextAnswer} aim at one cmdlet. Tests
 * read the organisation back ({@link #mailbox}, {@link #fullAccess}), change it behind Leaver's
 * back ({@link #grantFullAccess}, {@link #addMailbox}), and count what ran ({@link #invocations},
 * {@link #writes}).
 */
public final class ExchangeEmulator implements Emulator {
  static final String PREFIX = "/exchange";
  private static final String BASE = PREFIX + "/adminapi/beta/";
  private static final String INVOKE = "/InvokeCommand";

  private final ExchangeTenant tenant;
  private final Cmdlets cmdlets;
  private final List<Invocation> invocations = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, HttpResponse> refusals = new ConcurrentHashMap<>();
  private final Map<String, Boolean> lostAnswers = new ConcurrentHashMap<>();
  private volatile boolean refuseTokens;
  private volatile boolean roleRemoved;

  /**
   * One cmdlet the emulator was asked to run.
   *
   * @param cmdlet its name as sent
   * @param write whether it is one that changes something (Add-, Remove-, Set-)
   * @param status the answer's status
   * @param applied whether it ran (a refused one did not)
   */
  public record Invocation(String cmdlet, boolean write, int status, boolean applied) {}

  /** A mailbox as the organisation holds it. */
  public record MailboxState(
      String externalDirectoryObjectId,
      String userPrincipalName,
      String primarySmtpAddress,
      String recipientTypeDetails,
      String forwardingSmtpAddress,
      String forwardingAddress,
      boolean deliverToMailboxAndForward,
      List<String> fullAccess) {}

  /** Seeds the organisation from the tenant file's {@code exchange:} section. */
  public ExchangeEmulator(JsonNode section) {
    this.tenant = new ExchangeTenant(section);
    this.cmdlets = new Cmdlets(tenant);
  }

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public HttpResponse handle(HttpRequest r) {
    String auth = r.header("Authorization");
    if (auth == null
        || !auth.startsWith("Bearer ")
        || auth.substring(7).isBlank()
        || refuseTokens) {
      // UNCONFIRMED: EXO's body for a missing or refused token; the status is 401.
      return HttpResponse.empty(401)
          .withHeader("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\"");
    }
    String path = r.path();
    if (!path.startsWith(BASE) || !path.endsWith(INVOKE)) {
      return HttpResponse.text(404, "not emulated by the Leaver sandbox: " + path);
    }
    if (!tenant.isTenant(path.substring(BASE.length(), path.length() - INVOKE.length()))) {
      return HttpResponse.text(404, "no such tenant in the Leaver sandbox"); // UNCONFIRMED
    }
    if (!r.method().equals("POST")) {
      return HttpResponse.text(405, "InvokeCommand takes POST");
    }
    JsonNode input;
    try {
      input = Json.MAPPER.readTree(r.body()).path("CmdletInput");
    } catch (IOException e) {
      return ExoJson.badValue("CmdletInput", "The request body is not JSON.");
    }
    String name = input.path("CmdletName").asText("");
    String cmdlet = name.toLowerCase(Locale.ROOT);
    boolean write = Cmdlets.WRITES.contains(cmdlet);
    HttpResponse refusal = refusals.remove(cmdlet);
    if (refusal != null) {
      invocations.add(new Invocation(name, write, refusal.status(), false));
      return refusal;
    }
    if (!Cmdlets.known(cmdlet) || roleRemoved) {
      invocations.add(new Invocation(name, write, 403, false));
      return ExoJson.unknownCmdlet();
    }
    HttpResponse answer;
    synchronized (tenant) {
      answer = cmdlets.run(cmdlet, input.path("Parameters"));
    }
    invocations.add(new Invocation(name, write, answer.status(), true));
    if (lostAnswers.remove(cmdlet) != null) {
      return HttpResponse.text(
          504, "Gateway Timeout (sandbox: the cmdlet ran, its answer was lost)");
    }
    return answer;
  }

  // ---- what tests read and switch ------------------------------------------------------------

  /** The mailbox named by any identity EXO accepts (object ids, UPN, address, alias), or null. */
  public MailboxState mailbox(String identity) {
    synchronized (tenant) {
      List<Mailbox> found = tenant.named(identity);
      if (found.isEmpty()) {
        return null;
      }
      Mailbox m = found.get(0);
      return new MailboxState(
          m.externalDirectoryObjectId,
          m.userPrincipalName,
          m.primarySmtpAddress,
          m.recipientTypeDetails,
          m.forwardingSmtpAddress,
          m.forwardingAddress,
          m.deliverToMailboxAndForward,
          fullAccessOf(m));
    }
  }

  /** Trustees holding explicit FullAccess on the mailbox, its owner's SELF entry left out. */
  public List<String> fullAccess(String identity) {
    MailboxState m = mailbox(identity);
    return m == null ? List.of() : m.fullAccess();
  }

  /** An administrator grants FullAccess outside Leaver (e.g. before the leaver left). */
  public void grantFullAccess(String mailbox, String trusteeUpn) {
    synchronized (tenant) {
      tenant
          .named(mailbox)
          .get(0)
          .permissions
          .add(new Ace(trusteeUpn, List.of("FullAccess"), false, false));
    }
  }

  /**
   * Adds a mailbox, from the same fields as the tenant file's entries; nothing is checked for
   * uniqueness, so a test can build what the real service prevents (two mailboxes one filter
   * matches) to see the connector refuse to guess.
   */
  public void addMailbox(Map<String, Object> fields) {
    JsonNode seed =
        Json.MAPPER
            .createObjectNode()
            .set("mailboxes", Json.MAPPER.createArrayNode().add(Json.MAPPER.valueToTree(fields)));
    synchronized (tenant) {
      tenant.mailboxes.addAll(new ExchangeTenant(seed).mailboxes);
    }
  }

  /** The next call of {@code cmdlet} is answered with {@code answer} and does not run. */
  public void refuseNext(String cmdlet, HttpResponse answer) {
    refusals.put(cmdlet.toLowerCase(Locale.ROOT), answer);
  }

  /** The next call of {@code cmdlet} runs, and its answer is lost: the client gets a 504. */
  public void loseNextAnswer(String cmdlet) {
    lostAnswers.put(cmdlet.toLowerCase(Locale.ROOT), Boolean.TRUE);
  }

  /** While on, every request answers 401, as for an expired client secret. */
  public void refuseTokens(boolean refuse) {
    refuseTokens = refuse;
  }

  /**
   * While on, the app holds no Exchange role: every cmdlet answers 403 with no body, as EXO does
   * for a cmdlet the caller cannot see. UNCONFIRMED that a missing role looks like this.
   */
  public void removeRole(boolean removed) {
    roleRemoved = removed;
  }

  /** The cmdlets asked for so far, oldest first. */
  public List<Invocation> invocations() {
    synchronized (invocations) {
      return List.copyOf(invocations);
    }
  }

  /** How many cmdlets that change something were asked for, refused ones included. */
  public int writes() {
    return (int) invocations().stream().filter(Invocation::write).count();
  }

  private static List<String> fullAccessOf(Mailbox m) {
    return m.permissions.stream()
        .filter(
            a ->
                !a.deny()
                    && !a.user().equals(ExchangeTenant.SELF)
                    && a.accessRights().contains("FullAccess"))
        .map(Ace::user)
        .toList();
  }
}
