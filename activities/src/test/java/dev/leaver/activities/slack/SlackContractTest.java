package dev.leaver.activities.slack;

import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.workflows.contract.Leaver;
import java.util.Map;

/**
 * Slack through slack-api-client against the sandbox's Slack emulator passes the shared contract.
 */
class SlackContractTest extends TargetSystemContract {

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    return new SlackTarget(SlackConfig.sandbox(sandbox.baseUrl()));
  }

  @Override
  protected Leaver leaver() {
    return new Leaver("E1001", "ada.lovelace@contoso.example", "grace.hopper@contoso.example");
  }

  @Override
  protected Write write(String action) {
    return switch (action) {
      case "DeactivateUser" -> new Write("PATCH", "/slack/scim/v2/Users/");
      case "ResetSessions" -> new Write("POST", "/slack/api/admin.users.session.reset");
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  /** Every Web API method is a POST: only SCIM writes and admin methods change anything. */
  @Override
  protected boolean isWrite(dev.leaver.sandbox.SandboxServer.Logged request) {
    return request.method().equals("PATCH")
        || request.method().equals("DELETE")
        || request.path().contains("/api/admin.");
  }

  /** Slack's Web API and SCIM both read an error code and a detail from this shape. */
  @Override
  protected Map<String, Object> errorBody(int status) {
    String code =
        status == 403 ? "not_allowed_token_type" : status == 429 ? "ratelimited" : "internal_error";
    return Map.of("ok", false, "error", code, "detail", "sandbox fault " + status);
  }
}
