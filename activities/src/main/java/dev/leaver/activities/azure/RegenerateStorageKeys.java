package dev.leaver.activities.azure;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regenerates both access keys of each storage account listed as reachable by the leaver ({@code
 * POST .../storageAccounts/{a}/regenerateKey {"keyName":"key1"}}, then key2). Irreversible: every
 * client holding a key (or a SAS signed with it) must get the new one. The before-image is each
 * key's {@code keyCreationTime} (from {@code GET} of the account, no key listing needed).
 */
final class RegenerateStorageKeys extends Rotation {
  static final String PERMISSION = "Microsoft.Storage/storageAccounts/regeneratekey/action";
  static final ActionSpec SPEC =
      spec(
          "RegenerateStorageKeys",
          PERMISSION,
          "Regenerates key1 and key2 of each storage account the leaver could reach (irreversible)");
  static final String API = "2023-05-01";

  private final Arm arm;
  private final AzureConfig config;

  RegenerateStorageKeys(Arm arm, AzureConfig config, Access access) {
    super(access);
    this.arm = arm;
    this.config = config;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  String noun() {
    return "storage account key(s)";
  }

  /** {@code account:key1} → its creation time. */
  @Override
  Map<String, String> items(Target t) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String id : config.rotate("Microsoft.Storage/storageAccounts")) {
      JsonNode times =
          arm.send(
                  HttpMethod.GET,
                  id,
                  API,
                  null,
                  null,
                  null,
                  "Microsoft.Storage/storageAccounts/read",
                  200)
              .body()
              .path("properties")
              .path("keyCreationTime");
      String account = id.substring(id.lastIndexOf('/') + 1);
      for (String key : List.of("key1", "key2")) {
        out.put(account + ":" + key, times.path(key).asText(NO_MARKER));
      }
    }
    return out;
  }

  @Override
  void rotate(Target t, String item) {
    String account = item.substring(0, item.indexOf(':'));
    String id =
        config.rotate("Microsoft.Storage/storageAccounts").stream()
            .filter(x -> x.endsWith("/" + account))
            .findFirst()
            .orElseThrow();
    // The answer carries the new keys: read past, never kept.
    arm.send(
        HttpMethod.POST,
        id + "/regenerateKey",
        API,
        null,
        Jsons.object().put("keyName", item.substring(item.indexOf(':') + 1)),
        null,
        PERMISSION,
        200);
  }
}
