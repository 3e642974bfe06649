package dev.leaver.activities.azure;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Removes the leaver's entries from the access policies of Key Vaults on the access-policy model,
 * in every configured subscription ({@code PUT .../vaults/{v}/accessPolicies/remove}), one vault at
 * a time with progress. The undo adds the saved permissions back ({@code .../accessPolicies/add}).
 * Vaults on the RBAC model have no access policies: their access is a role assignment, and they are
 * listed in the before-image for the evidence.
 *
 * <p>ARM documents these as {@code PUT} (the note said PATCH); removing an entry that is
 * gone, or adding one that is there, answers 200 and changes nothing.
 */
final class RemoveVaultAccessPolicies implements TargetAction {
  static final String PERMISSION = "Microsoft.KeyVault/vaults/accessPolicies/write";
  static final ActionSpec SPEC =
      ActionSpec.of(
          "RemoveVaultAccessPolicies",
          Stage.KILL_SWITCH,
          true,
          PERMISSION,
          "Removes the leaver from Key Vault access policies (vaults on the access-policy model)");
  static final String API = "2023-07-01";
  static final String KEYS = "vaults";
  static final String ITEM = "vault.";
  private static final List<String> KINDS = List.of("certificates", "keys", "secrets", "storage");

  private final Arm arm;
  private final AzureConfig config;

  RemoveVaultAccessPolicies(Arm arm, AzureConfig config) {
    this.arm = arm;
    this.config = config;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** {@code vaults}: names; {@code vault.<name>}: id, tenant and the leaver's permissions. */
  @Override
  public Map<String, String> snapshot(Target t) {
    Map<String, String> out = new TreeMap<>(describe(entries(t.accountId())));
    out.put("rbacVaults", String.join(", ", rbacVaults()));
    return out;
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> vaults = Items.of(before.get(KEYS));
    return vaults.isEmpty()
        ? new Decision.NoOp("the leaver is in no Key Vault access policy")
        : new Decision.Write(
            "remove the leaver from the access policies of "
                + vaults.size()
                + " Key Vault(s): "
                + String.join(", ", vaults));
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    Map<String, JsonNode> now = entries(t.accountId());
    for (String vault : Items.of(before.get(KEYS))) {
      if (progress.isDone(vault)) {
        continue;
      }
      JsonNode current = now.get(vault);
      if (current != null) {
        progress.writing(vault);
        update(current.path("id").asText(), "remove", t.accountId(), current);
      }
      progress.done(vault);
    }
    return Change.of(describe(entries(t.accountId())), true);
  }

  /** Adds back the saved permissions where the leaver's entry now lacks any of them. */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    List<String> removed = Progress.itemsOf(receipt.after());
    if (removed == null) {
      removed = Items.of(receipt.before().get(KEYS));
    }
    Map<String, JsonNode> now = entries(t.accountId());
    for (String vault : removed) {
      String saved = receipt.before().get(ITEM + vault);
      if (saved == null || progress.isDone(vault)) {
        continue;
      }
      JsonNode f = Jsons.read(saved);
      JsonNode current = now.get(vault);
      if (current != null && current.path("permissions").equals(f.path("permissions"))) {
        continue;
      }
      progress.writing(vault);
      update(f.path("id").asText(), "add", t.accountId(), f);
      progress.done(vault);
    }
    return describe(entries(t.accountId()));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    Map<String, JsonNode> now = entries(t.accountId());
    return now.isEmpty()
        ? Check.removed("the leaver is in no Key Vault access policy")
        : Check.stillGranted("still in the access policies of " + String.join(", ", now.keySet()));
  }

  private void update(String vaultId, String operation, String objectId, JsonNode entry) {
    ObjectNode body = Jsons.object();
    ArrayNode policies = body.putObject("properties").putArray("accessPolicies");
    ObjectNode p = policies.addObject();
    p.put("tenantId", entry.path("tenantId").asText(config.tenantId()));
    p.put("objectId", objectId);
    p.set("permissions", entry.path("permissions"));
    arm.send(
        HttpMethod.PUT,
        vaultId + "/accessPolicies/" + operation,
        API,
        null,
        body,
        null,
        PERMISSION,
        200,
        201);
  }

  /** The leaver's entry in each access-policy vault, by vault name (vault names are global). */
  private Map<String, JsonNode> entries(String objectId) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode v : vaults()) {
      if (v.path("properties").path("enableRbacAuthorization").asBoolean(false)) {
        continue;
      }
      for (JsonNode p : v.path("properties").path("accessPolicies")) {
        if (objectId.equalsIgnoreCase(p.path("objectId").asText())
            && !p.hasNonNull("applicationId")) {
          ObjectNode f = Jsons.object();
          f.put("id", v.path("id").asText());
          f.put("tenantId", p.path("tenantId").asText());
          ObjectNode perms = f.putObject("permissions");
          for (String kind : KINDS) {
            List<String> granted = Jsons.sortedLower(p.path("permissions").path(kind));
            if (!granted.isEmpty()) {
              ArrayNode a = perms.putArray(kind);
              granted.forEach(a::add);
            }
          }
          out.put(v.path("name").asText(), f);
        }
      }
    }
    return out;
  }

  private List<String> rbacVaults() {
    List<String> out = new ArrayList<>();
    for (JsonNode v : vaults()) {
      if (v.path("properties").path("enableRbacAuthorization").asBoolean(false)) {
        out.add(v.path("name").asText() + " (RBAC model: access is by role assignment)");
      }
    }
    return out;
  }

  private List<JsonNode> vaults() {
    List<JsonNode> out = new ArrayList<>();
    for (String sub : config.subscriptions()) {
      String path = "/subscriptions/" + sub + "/providers/Microsoft.KeyVault/vaults";
      out.addAll(arm.list(path, API, null, "Microsoft.KeyVault/vaults/read"));
    }
    return out;
  }

  private static Map<String, String> describe(Map<String, JsonNode> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(KEYS, Items.join(entries.keySet()));
    entries.forEach((vault, f) -> out.put(ITEM + vault, Jsons.write(f)));
    return out;
  }
}
