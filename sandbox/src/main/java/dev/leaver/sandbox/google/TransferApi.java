package dev.leaver.sandbox.google;

import static dev.leaver.sandbox.google.GoogleEmulator.DATATRANSFER;
import static dev.leaver.sandbox.google.GoogleEmulator.DATATRANSFER_READONLY;
import static dev.leaver.sandbox.google.GoogleEmulator.error;
import static dev.leaver.sandbox.google.GoogleEmulator.needs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data Transfer API v1 routes, called with the tenant locked. Paths are relative to {@code
 * /google/admin/datatransfer/v1/}. Application ids are int64, which Google's JSON carries as
 * strings.
 */
final class TransferApi {
  /** How long a transfer stays in progress for a list; a get completes it at once. */
  static final Duration COMPLETES_AFTER = Duration.ofSeconds(2);

  private TransferApi() {}

  static HttpResponse handle(
      GoogleEmulator emulator,
      Set<String> scopes,
      String method,
      List<String> p,
      Map<String, String> query,
      JsonNode body) {
    GoogleTenant t = emulator.tenant();
    boolean read = method.equals("GET");
    HttpResponse denied =
        read ? needs(scopes, DATATRANSFER, DATATRANSFER_READONLY) : needs(scopes, DATATRANSFER);
    if (denied != null) {
      return denied;
    }
    String what = p.get(0);
    if (what.equals("applications") && p.size() == 1 && read) {
      List<Map<String, Object>> apps = new ArrayList<>();
      t.applications.values().forEach(a -> apps.add(applicationJson(a)));
      return HttpResponse.json(
          200, Map.of("kind", "admin#datatransfer#applicationsList", "applications", apps));
    }
    if (what.equals("transfers") && p.size() == 2 && read) {
      GoogleTenant.Transfer x = t.transfers.get(p.get(1));
      if (x == null) {
        return error(404, "notFound", "Resource Not Found: dataTransferId");
      }
      t.complete(x);
      return HttpResponse.json(200, transferJson(x));
    }
    if (what.equals("transfers") && p.size() == 1 && read) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (GoogleTenant.Transfer x : t.transfers.values()) {
        if (!x.requestTime.plus(COMPLETES_AFTER).isAfter(t.now())) {
          t.complete(x);
        }
        if (matches(query.get("oldOwnerUserId"), x.oldOwnerUserId)
            && matches(query.get("newOwnerUserId"), x.newOwnerUserId)
            && matches(query.get("status"), x.status)) {
          out.add(transferJson(x));
        }
      }
      Map<String, Object> list = new LinkedHashMap<>();
      list.put("kind", "admin#datatransfer#dataTransfersList");
      if (!out.isEmpty()) {
        list.put("dataTransfers", out);
      }
      return HttpResponse.json(200, list);
    }
    if (what.equals("transfers") && p.size() == 1 && method.equals("POST")) {
      return insert(t, body);
    }
    return error(404, "notFound", "not emulated: " + method + " " + String.join("/", p));
  }

  private static HttpResponse insert(GoogleTenant t, JsonNode body) {
    String oldOwner = body.path("oldOwnerUserId").asText("");
    String newOwner = body.path("newOwnerUserId").asText("");
    if (!t.users.containsKey(oldOwner)) {
      return error(400, "invalid", "Invalid value for: oldOwnerUserId");
    }
    if (!t.users.containsKey(newOwner) || newOwner.equals(oldOwner)) {
      return error(400, "invalid", "Invalid value for: newOwnerUserId");
    }
    List<Map<String, Object>> apps = new ArrayList<>();
    for (JsonNode a : body.path("applicationDataTransfers")) {
      String appId = a.path("applicationId").asText();
      if (!t.applications.containsKey(appId)) {
        return error(400, "invalid", "Invalid value for: applicationId " + appId);
      }
      List<Map<String, Object>> params = new ArrayList<>();
      for (JsonNode param : a.path("applicationTransferParams")) {
        List<String> values = new ArrayList<>();
        param.path("value").forEach(v -> values.add(v.asText()));
        params.add(Map.of("key", param.path("key").asText(), "value", values));
      }
      Map<String, Object> app = new LinkedHashMap<>();
      app.put("applicationId", appId);
      app.put("applicationTransferParams", params);
      app.put("applicationTransferStatus", "pending");
      apps.add(app);
    }
    if (apps.isEmpty()) {
      return error(400, "required", "Required field must not be blank: applicationDataTransfers");
    }
    return HttpResponse.json(200, transferJson(t.newTransfer(oldOwner, newOwner, apps)));
  }

  private static boolean matches(String wanted, String value) {
    return wanted == null || wanted.isBlank() || wanted.equals(value);
  }

  private static Map<String, Object> applicationJson(GoogleTenant.Application a) {
    List<Map<String, Object>> params = new ArrayList<>();
    a.transferParams().forEach((k, v) -> params.add(Map.of("key", k, "value", v)));
    return Map.of(
        "kind",
        "admin#datatransfer#ApplicationResource",
        "id",
        a.id(),
        "name",
        a.name(),
        "transferParams",
        params);
  }

  private static Map<String, Object> transferJson(GoogleTenant.Transfer x) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "admin#datatransfer#DataTransfer");
    m.put("id", x.id);
    m.put("oldOwnerUserId", x.oldOwnerUserId);
    m.put("newOwnerUserId", x.newOwnerUserId);
    m.put("applicationDataTransfers", x.applicationDataTransfers);
    m.put("overallTransferStatusCode", x.status);
    m.put("requestTime", x.requestTime.toString());
    return m;
  }
}
