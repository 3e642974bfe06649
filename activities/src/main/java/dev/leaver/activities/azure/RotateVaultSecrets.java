package dev.leaver.activities.azure;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Target;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Gives each Key Vault secret listed as reachable by the leaver a new version with a random value
 * ({@code PUT .../vaults/{v}/secrets/{s}} through ARM), so what the leaver may have copied is no
 * longer current. A vault listed whole rotates every secret in it. Irreversible, and only half the
 * job for a secret that is a credential elsewhere (a database password, an API key): the receipt
 * names each secret and its new version so its owner can re-issue the real credential and store it
 * as the next version. The random value is never recorded.
 *
 * <p>ARM's secret PUT is the management-plane path (one token, one permission); the data plane
 * ({@code https://{vault}.vault.azure.net/secrets/{s}}) is the documented path for applications and
 * would need the app in each vault's access policy or the Key Vault Secrets Officer role.
 */
final class RotateVaultSecrets extends Rotation {
  static final String PERMISSION = "Microsoft.KeyVault/vaults/secrets/write";
  static final ActionSpec SPEC =
      spec(
          "RotateVaultSecrets",
          PERMISSION,
          "Gives each Key Vault secret the leaver could read a new random version (irreversible)");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Arm arm;
  private final AzureConfig config;

  RotateVaultSecrets(Arm arm, AzureConfig config, Access access) {
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
    return "Key Vault secret(s)";
  }

  /** {@code vault/secret} → its current version URI. */
  @Override
  Map<String, String> items(Target t) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String id : config.rotate("Microsoft.KeyVault/vaults")) {
      int at = id.toLowerCase(Locale.ROOT).indexOf("/secrets/");
      String vaultId = at < 0 ? id : id.substring(0, at);
      String only = at < 0 ? null : id.substring(at + "/secrets/".length());
      for (JsonNode s :
          arm.list(
              vaultId + "/secrets",
              RemoveVaultAccessPolicies.API,
              null,
              "Microsoft.KeyVault/vaults/secrets/read")) {
        String name = s.path("name").asText();
        if (only == null || only.equalsIgnoreCase(name)) {
          out.put(
              BlockApimUser.last(vaultId) + "/" + name,
              s.path("properties").path("secretUriWithVersion").asText(NO_MARKER));
        }
      }
    }
    return out;
  }

  @Override
  void rotate(Target t, String item) {
    String vault = item.substring(0, item.indexOf('/'));
    String vaultId =
        config.rotate("Microsoft.KeyVault/vaults").stream()
            .map(
                id ->
                    id.toLowerCase(Locale.ROOT).contains("/secrets/")
                        ? id.substring(0, id.toLowerCase(Locale.ROOT).indexOf("/secrets/"))
                        : id)
            .filter(id -> BlockApimUser.last(id).equalsIgnoreCase(vault))
            .findFirst()
            .orElseThrow();
    byte[] value = new byte[32];
    RANDOM.nextBytes(value);
    ObjectNode body = Jsons.object();
    body.putObject("properties")
        .put("value", Base64.getUrlEncoder().withoutPadding().encodeToString(value))
        .put("contentType", "rotated by Leaver at offboarding; re-issue the real credential");
    arm.send(
        HttpMethod.PUT,
        vaultId + "/secrets/" + item.substring(item.indexOf('/') + 1),
        RemoveVaultAccessPolicies.API,
        null,
        body,
        null,
        PERMISSION,
        200,
        201);
  }
}
