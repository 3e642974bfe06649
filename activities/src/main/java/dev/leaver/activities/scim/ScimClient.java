package dev.leaver.activities.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One SCIM app's {@code /Users} over {@code java.net.http} (HTTP/1.1, {@code
 * application/scim+json}, bearer token), with every failure mapped to a {@link TargetException}. No
 * SCIM SDK is used because there is no vendor: the protocol is RFC 7644 itself. It never retries on
 * its own (Temporal is the one retry layer); the one loop is RFC 7644's conditional write: a 412
 * answer to an {@code If-Match} write re-reads the user and writes again with its new version.
 * Thread-safe.
 */
final class ScimClient {
  static final String SCIM_JSON = "application/scim+json";
  static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  static final ObjectMapper JSON = new ObjectMapper();

  /** How often a 412 is answered by a re-read and a new write within one attempt. */
  private static final int PRECONDITION_ROUNDS = 3;

  private final ScimConfig.App app;
  private final String token;
  private final HttpClient http;
  private final RequestBudget budget;

  ScimClient(ScimConfig.App app, String token, HttpClient http, RequestBudget budget) {
    this.app = app;
    this.token = token;
    this.http = http;
    this.budget = budget;
  }

  static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  String app() {
    return app.name();
  }

  /** A user as read, with its version for {@code If-Match} (null when the app sends none). */
  record User(JsonNode resource, String etag) {
    String id() {
      return resource.path("id").asText();
    }

    String userName() {
      return resource.path("userName").asText("");
    }

    /** SCIM's {@code active}; absent is read as active, so a deactivation still runs. */
    boolean active() {
      JsonNode a = resource.get("active");
      if (a == null || a.isNull()) {
        return true;
      }
      return a.isBoolean() ? a.asBoolean() : !"false".equalsIgnoreCase(a.asText());
    }
  }

  /** What a write found: it landed, or the user was not there (404). */
  enum Written {
    DONE,
    GONE
  }

  /** {@code GET /Users/{id}}; empty on 404. */
  Optional<User> user(String id) {
    Answer a = send("GET", "/Users/" + segment(id), null, null, null);
    if (a.status == 404) {
      return Optional.empty();
    }
    if (a.status != 200) {
      throw fail("GET Users/" + id, a);
    }
    return Optional.of(new User(a.body, a.etag()));
  }

  /**
   * {@code GET /Users?filter=<attribute> eq "<value>"}: the ids of every user that matches. The
   * value is not put in any message: it names a person.
   */
  List<String> find(String attribute, String value) {
    String filter = attribute + " eq \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    Answer a = send("GET", "/Users", "filter=" + query(filter) + "&count=10", null, null);
    if (a.status != 200) {
      throw fail("GET Users?filter=" + attribute + " eq …", a);
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode u : a.body.path("Resources")) {
      ids.add(u.path("id").asText());
    }
    if (ids.isEmpty() && a.body.path("totalResults").asInt(0) > 0) {
      throw new TargetException.Rejected(
          "scim "
              + app.name()
              + ": GET Users?filter="
              + attribute
              + " eq … counted "
              + a.body.path("totalResults").asInt()
              + " but listed none",
          null);
    }
    return ids;
  }

  /** A group the user is a member of. */
  record Group(String id, String displayName) {}

  /**
   * {@code GET /Groups?filter=members.value eq "<id>"}: the groups that list the user as a direct
   * member, by id; empty when the app serves no groups (404) or cannot search them by member (400),
   * which the caller reports.
   */
  Optional<List<Group>> groupsOf(String userId) {
    String filter =
        "members.value eq \"" + userId.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    Answer a = send("GET", "/Groups", "filter=" + query(filter) + "&count=1000", null, null);
    if (a.status == 404 || a.status == 400 || a.status == 501) {
      return Optional.empty();
    }
    if (a.status != 200) {
      throw fail("GET Groups?filter=members.value eq " + userId, a);
    }
    List<Group> groups = new ArrayList<>();
    for (JsonNode g : a.body.path("Resources")) {
      groups.add(new Group(g.path("id").asText(), g.path("displayName").asText("")));
    }
    return Optional.of(groups);
  }

  /**
   * {@code PATCH /Groups/{id}} removing {@code members[value eq "<user>"]}; GONE when the group is.
   */
  Written removeMember(String groupId, String userId) {
    ObjectNode op =
        JSON.createObjectNode()
            .put("op", "remove")
            .put("path", "members[value eq \"" + userId.replace("\"", "\\\"") + "\"]");
    return groupPatch(groupId, op);
  }

  /** {@code PATCH /Groups/{id}} adding the user to {@code members}; GONE when the group is. */
  Written addMember(String groupId, String userId) {
    ObjectNode op = JSON.createObjectNode().put("op", "add").put("path", "members");
    op.putArray("value").addObject().put("value", userId);
    return groupPatch(groupId, op);
  }

  private Written groupPatch(String groupId, ObjectNode op) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("schemas").add(PATCH_OP);
    body.putArray("Operations").add(op);
    return conditional("PATCH", "/Groups/" + segment(groupId), "Groups/" + groupId, body);
  }

  /** {@code GET /Users?count=1}, answered as is: the preflight's read-only probe. */
  int probe() {
    return send("GET", "/Users", "count=1", null, null).status;
  }

  /** {@code PATCH /Users/{id}} replacing {@code active}; 200 and 204 both mean done. */
  Written setActive(String id, boolean active) {
    ObjectNode op =
        JSON.createObjectNode().put("op", "replace").put("path", "active").put("value", active);
    ObjectNode body = JSON.createObjectNode();
    body.putArray("schemas").add(PATCH_OP);
    body.putArray("Operations").add(op);
    return conditional("PATCH", "/Users/" + segment(id), "Users/" + id, body);
  }

  /** {@code DELETE /Users/{id}}; 404 means the user is gone already (a lost answer's retry). */
  Written delete(String id) {
    return conditional("DELETE", "/Users/" + segment(id), "Users/" + id, null);
  }

  /**
   * Writes without {@code If-Match}; an app that answers 412 (it demands a version, or the resource
   * changed under a version it holds) is answered with a re-read and a write under the version
   * read, a few rounds at most.
   */
  private Written conditional(String method, String path, String what, JsonNode body) {
    String ifMatch = null;
    for (int round = 0; round < PRECONDITION_ROUNDS; round++) {
      Answer a = send(method, path, null, body, ifMatch);
      if (a.status == 200 || a.status == 204) {
        return Written.DONE;
      }
      if (a.status == 404) {
        return Written.GONE;
      }
      if (a.status != 412) {
        throw fail(method + " " + what, a);
      }
      Answer now = send("GET", path, null, null, null);
      if (now.status == 404) {
        return Written.GONE;
      }
      if (now.status != 200) {
        throw fail("GET " + what, now);
      }
      ifMatch = now.etag();
    }
    throw new TargetException.Retryable(
        "scim "
            + app.name()
            + ": "
            + method
            + " "
            + what
            + " answered 412 Precondition Failed "
            + PRECONDITION_ROUNDS
            + " times: it keeps changing",
        null,
        null);
  }

  private Answer send(String method, String path, String query, JsonNode body, String ifMatch) {
    budget.take();
    URI uri = URI.create(app.baseUrl() + path + (query == null ? "" : "?" + query));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .header("Accept", SCIM_JSON);
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    if (body != null) {
      try {
        b.header("Content-Type", SCIM_JSON)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new TargetException.Retryable(
          "scim "
              + app.name()
              + " "
              + method
              + " "
              + path
              + ": no answer ("
              + e.getClass().getSimpleName()
              + ")",
          null,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException.Retryable("scim " + app.name() + ": interrupted", null, e);
    }
    JsonNode json;
    try {
      json = r.body().length == 0 ? MissingNode.getInstance() : JSON.readTree(r.body());
    } catch (IOException e) {
      json = MissingNode.getInstance(); // an HTML error page from a proxy: the status still says it
    }
    return new Answer(
        r.statusCode(),
        json,
        r.headers().firstValue("ETag").orElse(null),
        r.headers().firstValue("Retry-After").orElse(null));
  }

  /** Maps an answer the caller does not handle itself. */
  private TargetException fail(String operation, Answer a) {
    String detail = a.body.path("detail").asText("");
    String scimType = a.body.path("scimType").asText("");
    String message =
        "scim "
            + app.name()
            + " "
            + operation
            + ": HTTP "
            + a.status
            + (scimType.isEmpty() ? "" : " " + scimType)
            + (detail.isEmpty() ? "" : " " + detail);
    if (a.status == 429 || a.status >= 500) {
      return new TargetException.Retryable(
          message, TargetException.Retryable.parseRetryAfter(a.retryAfter), null);
    }
    if (a.status == 401 || a.status == 403) {
      return new TargetException.PermissionDenied(
          message
              + " (the app's SCIM token, systems.scim.apps."
              + app.name()
              + ".bearerToken, may not do this)",
          null);
    }
    return new TargetException.Rejected(message, null);
  }

  private record Answer(int status, JsonNode body, String etagHeader, String retryAfter) {
    /** The version for If-Match: the ETag header, else {@code meta.version}. */
    String etag() {
      if (etagHeader != null) {
        return etagHeader;
      }
      JsonNode v = body.path("meta").path("version");
      return v.isTextual() ? v.asText() : null;
    }
  }

  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String query(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
