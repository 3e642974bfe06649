package dev.leaver.sandbox.azure;

import dev.leaver.sandbox.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ARM's answer shapes: the error envelope and collections. */
final class ArmJson {
  private ArmJson() {}

  /** {@code {"error":{"code":...,"message":...}}}, ARM's error body. */
  static HttpResponse error(int status, String code, String message) {
    return HttpResponse.json(status, Map.of("error", Map.of("code", code, "message", message)));
  }

  static HttpResponse list(List<?> values) {
    return HttpResponse.json(200, Map.of("value", values));
  }

  /**
   * A map that keeps insertion order and leaves out null values, as ARM leaves out unset fields.
   */
  static Map<String, Object> obj(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        m.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return m;
  }

  /** The last segment of an id. */
  static String name(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }

  /** The subscription id of a resource id, or null for a management group or tenant scope. */
  static String subscriptionOf(String id) {
    String[] parts = id.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("subscriptions")) {
        return parts[i + 1];
      }
    }
    return null;
  }

  /** The resource group of a resource id, or null. */
  static String resourceGroupOf(String id) {
    String[] parts = id.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("resourceGroups")) {
        return parts[i + 1];
      }
    }
    return null;
  }

  /** {@code Microsoft.KeyVault/vaults} from {@code .../providers/Microsoft.KeyVault/vaults/v}. */
  static String typeOf(String id) {
    int p = id.lastIndexOf("/providers/");
    if (p < 0) {
      return id.contains("/resourceGroups/")
          ? "microsoft.resources/resourcegroups"
          : "microsoft.resources/subscriptions";
    }
    String[] rest = id.substring(p + "/providers/".length()).split("/");
    StringBuilder type = new StringBuilder(rest[0]);
    for (int i = 1; i < rest.length; i += 2) {
      type.append('/').append(rest[i]);
    }
    return type.toString();
  }
}
