package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /users/{id}/authentication/...}: the list of a user's authentication methods ({@code GET
 * .../methods}, each with its {@code @odata.type}), the list per kind ({@code GET
 * .../phoneMethods}) and the delete per kind ({@code DELETE .../phoneMethods/{id}}), with the
 * refusals Graph documents: the password cannot be deleted, nor a phone that is the user's default
 * MFA method, nor {@code mobile} while {@code alternateMobile} exists.
 *
 * <p>Seeded per user ({@code graph.users[].authenticationMethods}, a list of {@code {type, ...}}
 * with the type's properties, and {@code defaultMfaMethod}); every user has a password method.
 * Phone, e-mail and password ids are Graph's fixed ones.
 *
 * <p>UNCONFIRMED: the status and body of each refusal (here 400 {@code badRequest} with a sentence)
 * and of deleting a method that is already gone (here 404 {@code itemNotFound}); Graph v1.0 does
 * not expose the default MFA method (beta's {@code signInPreferences} does), so {@code
 * defaultMfaMethod} uses beta's values ({@code push}, {@code sms}, {@code voiceMobile}, {@code
 * voiceAlternateMobile}, {@code voiceOffice}, {@code oath}, {@code fido2}).
 */
public final class AuthenticationMethods implements GraphRoute {
  static final String PASSWORD_ID = "28c10230-6103-485e-b985-444c60001490";
  static final String EMAIL_ID = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f";
  static final Map<String, String> PHONE_IDS =
      Map.of(
          "mobile", "3179e48a-750b-4051-897c-87b9720928f7",
          "alternateMobile", "b6332ec1-7057-4abe-9331-3d72feddfe41",
          "office", "e37fc753-ff3b-4958-9484-eaa9425c82bc");
  private static final String PERMISSION = "UserAuthenticationMethod.ReadWrite.All";

  /** Path segment of each kind → the type name used in {@code @odata.type}. */
  private static final Map<String, String> KINDS =
      Map.of(
          "phoneMethods", "phone",
          "emailMethods", "email",
          "passwordMethods", "password",
          "microsoftAuthenticatorMethods", "microsoftAuthenticator",
          "fido2Methods", "fido2",
          "softwareOathMethods", "softwareOath",
          "temporaryAccessPassMethods", "temporaryAccessPass",
          "windowsHelloForBusinessMethods", "windowsHelloForBusiness");

  /** One registered method: its id, its type ({@code phone}, {@code fido2} ...) and properties. */
  record Method(String id, String type, Map<String, Object> properties) {
    String phoneType() {
      return (String) properties.get("phoneType");
    }
  }

  private final GraphTenant tenant;
  private final Map<String, List<Method>> byUser = new LinkedHashMap<>();
  private final Map<String, String> defaultMfa = new LinkedHashMap<>();

  AuthenticationMethods(GraphTenant tenant, JsonNode seed) {
    this.tenant = tenant;
    for (JsonNode u : seed.path("users")) {
      String userId = u.path("id").asText();
      List<Method> methods = new ArrayList<>();
      methods.add(
          new Method(
              PASSWORD_ID,
              "password",
              new LinkedHashMap<>(Map.of("createdDateTime", "2024-02-01T09:00:00Z"))));
      for (JsonNode m : u.path("authenticationMethods")) {
        methods.add(method(m));
      }
      byUser.put(userId, methods);
      if (u.hasNonNull("defaultMfaMethod")) {
        defaultMfa.put(userId, u.get("defaultMfaMethod").asText());
      }
    }
  }

  private static Method method(JsonNode m) {
    String type = m.path("type").asText();
    @SuppressWarnings("unchecked")
    Map<String, Object> props = new LinkedHashMap<>(Json.MAPPER.convertValue(m, Map.class));
    props.remove("type");
    Object explicitId = props.remove("id");
    String id =
        switch (type) {
          case "phone" -> PHONE_IDS.get(m.path("phoneType").asText());
          case "email" -> EMAIL_ID;
          default -> explicitId == null ? UUID.randomUUID().toString() : explicitId.toString();
        };
    if (id == null || !KINDS.containsValue(type)) {
      throw new IllegalArgumentException("not an authentication method the sandbox knows: " + m);
    }
    return new Method(id, type, props);
  }

  @Override
  public boolean serves(String[] p) {
    return p.length >= 4 && p[0].equals("users") && p[2].equals("authentication");
  }

  @Override
  public String permission(String method, String[] p) {
    return method.equals("GET") ? null : PERMISSION;
  }

  @Override
  public HttpResponse handle(HttpRequest r, String[] p, JsonNode body) {
    GraphTenant.User u = tenant.user(p[1]);
    if (u == null) {
      return GraphJson.notFound(p[1]);
    }
    List<Method> methods = byUser.computeIfAbsent(u.id, id -> new ArrayList<>());
    String kind = p[3];
    String type = KINDS.get(kind);
    if (kind.equals("methods") && p.length == 4 && r.method().equals("GET")) {
      return list(u, kind, methods);
    }
    if (type != null && p.length == 4 && r.method().equals("GET")) {
      return list(u, kind, methods.stream().filter(m -> m.type().equals(type)).toList());
    }
    if (type != null && p.length == 5 && r.method().equals("DELETE")) {
      return delete(u, type, p[4], methods);
    }
    return GraphJson.unsupported(r.method(), p);
  }

  private HttpResponse delete(GraphTenant.User u, String type, String id, List<Method> methods) {
    Method m =
        methods.stream()
            .filter(x -> x.type().equals(type) && x.id().equals(id))
            .findFirst()
            .orElse(null);
    if (m == null) {
      return GraphJson.error(
          404, "itemNotFound", "The requested authentication method was not found.");
    }
    if (type.equals("password")) {
      return GraphJson.error(
          400, "badRequest", "The password authentication method cannot be deleted.");
    }
    if (type.equals("phone")) {
      if (isDefault(u.id, m.phoneType())) {
        return GraphJson.error(
            400,
            "badRequest",
            "The phone number is the user's default multi-factor "
                + "authentication method and cannot be deleted. Change the default method first.");
      }
      if (m.phoneType().equals("mobile")
          && methods.stream().anyMatch(x -> "alternateMobile".equals(x.phoneType()))) {
        return GraphJson.error(
            400,
            "badRequest",
            "A user can't have an alternateMobile number without "
                + "a mobile number: delete the alternateMobile number first.");
      }
    }
    methods.remove(m);
    return HttpResponse.empty(204);
  }

  private boolean isDefault(String userId, String phoneType) {
    String d = defaultMfa.get(userId);
    return d != null
        && switch (phoneType) {
          case "mobile" -> d.equals("sms") || d.equals("voiceMobile");
          case "alternateMobile" -> d.equals("voiceAlternateMobile");
          case "office" -> d.equals("voiceOffice");
          default -> false;
        };
  }

  private static HttpResponse list(GraphTenant.User u, String kind, List<Method> methods) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "@odata.context",
        "https://graph.microsoft.com/v1.0/$metadata#users('" + u.id + "')/authentication/" + kind);
    body.put("value", methods.stream().map(AuthenticationMethods::json).toList());
    return HttpResponse.json(200, body);
  }

  private static Map<String, Object> json(Method m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("@odata.type", "#microsoft.graph." + m.type() + "AuthenticationMethod");
    j.put("id", m.id());
    j.putAll(m.properties());
    if (m.type().equals("password")) {
      j.put("password", null); // never returned
    }
    return j;
  }

  // ---- what tests read and switch ------------------------------------------------------------

  /**
   * The user's methods as {@code type} or {@code phone:phoneType}, in registration order, e.g.
   * {@code [password, phone:mobile, microsoftAuthenticator]}; empty for an unknown user.
   */
  public List<String> of(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      return u == null
          ? List.of()
          : byUser.getOrDefault(u.id, List.of()).stream()
              .map(m -> m.type().equals("phone") ? "phone:" + m.phoneType() : m.type())
              .toList();
    }
  }

  /** Sets the user's default MFA method (beta's values: {@code sms}, {@code push} ...). */
  public void setDefaultMfaMethod(String idOrUpn, String method) {
    synchronized (tenant) {
      defaultMfa.put(tenant.user(idOrUpn).id, method);
    }
  }
}
