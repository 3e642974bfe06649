package dev.leaver.sandbox.scim;

import dev.leaver.sandbox.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 7644 §3.12 error bodies: {@code status} is a string, {@code scimType} where one applies. */
final class ScimErrors {
  static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

  private ScimErrors() {}

  static HttpResponse error(int status, String scimType, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemas", List.of(ERROR_SCHEMA));
    body.put("status", Integer.toString(status));
    if (scimType != null) {
      body.put("scimType", scimType);
    }
    body.put("detail", detail);
    return scim(HttpResponse.json(status, body));
  }

  static HttpResponse scim(HttpResponse r) {
    return r.withHeader("Content-Type", "application/scim+json");
  }
}
