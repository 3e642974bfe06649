package dev.leaver.activities.exchange;

import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.exchange.ExchangeEmulator;
import dev.leaver.workflows.contract.Leaver;

/**
 * Exchange Online (admin API InvokeCommand over the JDK client, mail settings and mail through the
 * Graph SDK) against the sandbox's emulators passes the shared contract.
 *
 * <p>Every cmdlet is a POST to the same path, so a cmdlet's write is named by the cmdlet ({@code
 * Write("Add-MailboxPermission", ...)}): it is refused by the Exchange emulator, and counted from
 * the emulator's own log rather than from the server's by method.
 */
class ExchangeContractTest extends TargetSystemContract {

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    return new ExchangeTarget(ExchangeConfig.sandbox(sandbox.baseUrl()));
  }

  @Override
  protected Leaver leaver() {
    return new Leaver("E1001", ExchangeSandbox.ADA, ExchangeSandbox.GRACE);
  }

  @Override
  protected Write write(String action) {
    return switch (action) {
      case "ConvertToSharedMailbox", "ForwardToManager" ->
          new Write("Set-Mailbox", ExchangeSandbox.INVOKE);
      case "GrantMailboxToManager" -> new Write("Add-MailboxPermission", ExchangeSandbox.INVOKE);
      case "SetAutoReply" ->
          new Write("PATCH", "/graph/v1.0/users/" + ExchangeSandbox.ADA_ID + "/mailboxSettings");
      case "NotifyManager", "RemindManager", "NotifyHandoverEnded" ->
          new Write("POST", "/graph/v1.0/users/" + ExchangeSandbox.FROM + "/sendMail");
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  /** A cmdlet's write is refused by the emulator, in the shape Exchange answers with. */
  @Override
  protected void refuse(String method, String target, Refusal refusal) {
    if (!method.contains("-")) {
      super.refuse(method, target, refusal);
      return;
    }
    sandbox
        .emulator(ExchangeEmulator.class)
        .refuseNext(
            method,
            switch (refusal) {
              case THROTTLED -> HttpResponse.empty(429).withHeader("Retry-After", "7");
              case UNAVAILABLE -> HttpResponse.text(503, "Service Unavailable");
              case FORBIDDEN -> HttpResponse.empty(403);
            });
  }

  /** InvokeCommand POSTs are reads or writes by their cmdlet: they are counted below instead. */
  @Override
  protected boolean isWrite(SandboxServer.Logged request) {
    return !request.path().startsWith("/exchange/") && super.isWrite(request);
  }

  @Override
  protected int writes() {
    return super.writes() + sandbox.emulator(ExchangeEmulator.class).writes();
  }
}
