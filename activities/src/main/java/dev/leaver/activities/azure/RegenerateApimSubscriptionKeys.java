package dev.leaver.activities.azure;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Target;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regenerates the primary and secondary keys of every API Management subscription the leaver owns
 * in each listed APIM service ({@code POST .../subscriptions/{sid}/regeneratePrimaryKey}, then
 * {@code regenerateSecondaryKey}): keys the leaver copied into scripts or tools stop working, while
 * the subscription itself (and whatever the team built on it) stays. Irreversible; APIM shows no
 * key dates, so the receipt names the subscriptions whose keys this step regenerated.
 */
final class RegenerateApimSubscriptionKeys extends Rotation {
  static final String PERMISSION =
      "Microsoft.ApiManagement/service/subscriptions/regeneratePrimaryKey/action";
  static final ActionSpec SPEC =
      spec(
          "RegenerateApimSubscriptionKeys",
          PERMISSION,
          "Regenerates the keys of the API Management subscriptions the leaver owns (irreversible)");

  private final Arm arm;
  private final AzureConfig config;

  RegenerateApimSubscriptionKeys(Arm arm, AzureConfig config, Access access) {
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
    return "API Management subscription(s)";
  }

  /** {@code service/subscription} → no marker, for each subscription the leaver's users own. */
  @Override
  Map<String, String> items(Target t) {
    Map<String, String> out = new LinkedHashMap<>();
    String filter = "email eq '" + t.leaver().upn().replace("'", "''") + "'";
    for (String service : config.rotate("Microsoft.ApiManagement/service")) {
      for (JsonNode u :
          arm.list(
              service + "/users",
              BlockApimUser.API,
              "$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"),
              "Microsoft.ApiManagement/service/users/read")) {
        for (JsonNode s :
            arm.list(
                service + "/users/" + u.path("name").asText() + "/subscriptions",
                BlockApimUser.API,
                null,
                "Microsoft.ApiManagement/service/users/subscriptions/read")) {
          out.put(BlockApimUser.last(service) + "/" + s.path("name").asText(), NO_MARKER);
        }
      }
    }
    return out;
  }

  @Override
  void rotate(Target t, String item) {
    String serviceName = item.substring(0, item.indexOf('/'));
    String service =
        config.rotate("Microsoft.ApiManagement/service").stream()
            .filter(id -> BlockApimUser.last(id).equalsIgnoreCase(serviceName))
            .findFirst()
            .orElseThrow();
    String sub = service + "/subscriptions/" + item.substring(item.indexOf('/') + 1);
    arm.send(
        HttpMethod.POST,
        sub + "/regeneratePrimaryKey",
        BlockApimUser.API,
        null,
        null,
        null,
        PERMISSION,
        204,
        200);
    arm.send(
        HttpMethod.POST,
        sub + "/regenerateSecondaryKey",
        BlockApimUser.API,
        null,
        null,
        null,
        PERMISSION,
        204,
        200);
  }
}
