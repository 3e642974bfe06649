package dev.leaver.activities.scim;

import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.workflows.contract.Leaver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Four SCIM apps in the sandbox's emulator (three deprovisioned with PATCH active=false, one with
 * DELETE) pass the shared contract as one system; the apps (and for group memberships each app's
 * group) are the items of each step.
 */
class ScimContractTest extends TargetSystemContract {

  /** The tenant's app names carry this suffix: none for the emulated apps. */
  protected String suffix() {
    return "";
  }

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    return new ScimTarget(ScimConfig.sandbox(sandbox.baseUrl(), ScimConfig.sandboxApps(suffix())));
  }

  @Override
  protected Leaver leaver() {
    return new Leaver("E1005", "linus.okafor@contoso.example", "grace.hopper@contoso.example");
  }

  @Override
  protected Write write(String action) {
    return switch (action) {
      case DeactivateUsers.NAME -> new Write("PATCH", "/scim/acme-crm" + suffix() + "/v2/Users/");
      case DeleteUsers.NAME -> new Write("DELETE", "/scim/docs-wiki" + suffix() + "/v2/Users/");
      case RemoveGroupMemberships.NAME ->
          new Write("PATCH", "/scim/acme-crm" + suffix() + "/v2/Groups/");
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  /** The third patch-inactive app's PATCH fails: the first two apps are the step's done items. */
  @Override
  protected Optional<ThirdItem> multiItem(Map<String, String> before) {
    List<String> apps = List.of("acme-crm", "ticket-desk", "status-page");
    boolean threeActive =
        apps.stream().allMatch(a -> "true".equals(before.get(a + suffix() + ".active")));
    return threeActive
        ? Optional.of(
            new ThirdItem(
                DeactivateUsers.NAME, "PATCH", "/scim/status-page" + suffix() + "/v2/Users/"))
        : Optional.empty();
  }

  /** SCIM cannot show a token's write rights without writing: those rows are unknown. */
  @Override
  protected Set<String> uncheckable() {
    return Set.of(
        DeactivateUsers.PERMISSION, DeleteUsers.PERMISSION, RemoveGroupMemberships.PERMISSION);
  }

  /** RFC 7644 §3.12: status as a string, scimType where one applies. */
  @Override
  protected Map<String, Object> errorBody(int status) {
    return Map.of(
        "schemas",
        List.of("urn:ietf:params:scim:api:messages:2.0:Error"),
        "status",
        Integer.toString(status),
        "detail",
        "sandbox fault " + status);
  }
}
