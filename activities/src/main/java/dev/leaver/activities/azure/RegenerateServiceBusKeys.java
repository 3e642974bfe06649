package dev.leaver.activities.azure;

import com.azure.core.http.HttpMethod;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regenerates the primary and secondary keys of each Service Bus authorization rule listed as
 * reachable by the leaver ({@code POST .../authorizationRules/{r}/regenerateKeys {"keyType":
 * "PrimaryKey"}}, then SecondaryKey). Irreversible: every sender and listener with the rule's
 * connection string needs the new one. Service Bus shows no key dates, so the before-image names
 * the keys and the receipt what this step regenerated.
 */
final class RegenerateServiceBusKeys extends Rotation {
  static final String PERMISSION =
      "Microsoft.ServiceBus/namespaces/authorizationRules/regenerateKeys/action";
  static final ActionSpec SPEC =
      spec(
          "RegenerateServiceBusKeys",
          PERMISSION,
          "Regenerates both keys of each Service Bus authorization rule the leaver could reach (irreversible)");
  static final String API = "2021-11-01";

  private final Arm arm;
  private final AzureConfig config;

  RegenerateServiceBusKeys(Arm arm, AzureConfig config, Access access) {
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
    return "Service Bus key(s)";
  }

  /** {@code namespace:rule:PrimaryKey} → no marker (the rule is read to prove it exists). */
  @Override
  Map<String, String> items(Target t) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String id : config.rotate("Microsoft.ServiceBus/namespaces")) {
      arm.send(
          HttpMethod.GET,
          id,
          API,
          null,
          null,
          null,
          "Microsoft.ServiceBus/namespaces/authorizationRules/read",
          200);
      for (String key : List.of("PrimaryKey", "SecondaryKey")) {
        out.put(label(id) + ":" + key, NO_MARKER);
      }
    }
    return out;
  }

  @Override
  void rotate(Target t, String item) {
    String rule = item.substring(0, item.lastIndexOf(':'));
    String id =
        config.rotate("Microsoft.ServiceBus/namespaces").stream()
            .filter(x -> label(x).equals(rule))
            .findFirst()
            .orElseThrow();
    // The answer carries the new keys and connection strings: read past, never kept.
    arm.send(
        HttpMethod.POST,
        id + "/regenerateKeys",
        API,
        null,
        Jsons.object().put("keyType", item.substring(item.lastIndexOf(':') + 1)),
        null,
        PERMISSION,
        200);
  }

  /** {@code namespace:rule}. */
  private static String label(String ruleId) {
    String[] p = ruleId.split("/");
    return p[p.length - 3] + ":" + p[p.length - 1];
  }
}
