package dev.leaver.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.leaver.sandbox.graph.GraphEmulator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The sandbox's admin API at {@code /_sandbox}, for tests that drive a sandbox in another process
 * ({@link SandboxAdmin} is its client). It arms faults, reads the request log and reads back the
 * tenant's state. The server binds loopback only, so only this machine reaches it.
 *
 * <pre>
 * POST   /_sandbox/faults                      body: a {@link FaultJson}; 201 with it
 * GET    /_sandbox/faults                      the faults still armed
 * DELETE /_sandbox/faults                      disarm them all; 204
 * GET    /_sandbox/requests[?method=M&amp;path=P]  the request log (P a prefix), oldest first
 * GET    /_sandbox/graph/users/{idOrUpn}       {@link SandboxAdmin.GraphUser}; 404 if none
 * POST   /_sandbox/graph/revoked-permissions   {"permission": "User.EnableDisableAccount.All"}
 * DELETE /_sandbox/graph/revoked-permissions   restore every permission, end deny-writes
 * PUT    /_sandbox/graph/deny-writes           {"deny": true}
 * GET    /_sandbox/slack/users/{id}            a {@link dev.leaver.sandbox.slack.SlackUser}; 404 if none
 * POST   /_sandbox/slack/revoked-scopes        {"scope": "admin.users:write"}
 * DELETE /_sandbox/slack/revoked-scopes        restore every scope
 * </pre>
 */
final class AdminApi implements Emulator {
  static final String PREFIX = "/_sandbox";

  /** Instants as ISO-8601 text, unknown fields ignored: the client reads what the server writes. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final String GRAPH_USERS = "/graph/users/";
  private static final String SLACK_USERS = "/slack/users/";

  private final Sandbox sandbox;

  AdminApi(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public HttpResponse handle(HttpRequest r) {
    String path = r.path().substring(PREFIX.length());
    try {
      if (path.startsWith(GRAPH_USERS) && r.method().equals("GET")) {
        return graphUser(path.substring(GRAPH_USERS.length()));
      }
      if (path.startsWith(SLACK_USERS) && r.method().equals("GET")) {
        return json(200, sandbox.slack().user(path.substring(SLACK_USERS.length())));
      }
      return switch (r.method() + " " + path) {
        case "POST /faults" -> {
          Fault fault = JSON.readValue(r.body(), FaultJson.class).toFault();
          sandbox.server().faults().add(fault);
          yield json(201, FaultJson.of(fault));
        }
        case "GET /faults" ->
            json(200, sandbox.server().faults().armed().stream().map(FaultJson::of).toList());
        case "DELETE /faults" -> {
          sandbox.server().faults().clear();
          yield HttpResponse.empty(204);
        }
        case "GET /requests" -> json(200, requests(r));
        case "POST /graph/revoked-permissions" -> {
          sandbox.graph().revokePermission(field(r, "permission").asText());
          yield HttpResponse.empty(204);
        }
        case "DELETE /graph/revoked-permissions" -> {
          sandbox.graph().restorePermissions();
          yield HttpResponse.empty(204);
        }
        case "PUT /graph/deny-writes" -> {
          sandbox.graph().denyWrites(field(r, "deny").asBoolean());
          yield HttpResponse.empty(204);
        }
        case "POST /slack/revoked-scopes" -> {
          sandbox.slack().revokeScope(field(r, "scope").asText());
          yield HttpResponse.empty(204);
        }
        case "DELETE /slack/revoked-scopes" -> {
          sandbox.slack().restoreScopes();
          yield HttpResponse.empty(204);
        }
        default -> error(404, "no admin route " + r.method() + " " + PREFIX + path);
      };
    } catch (NoSuchElementException e) {
      return error(404, e.getMessage());
    } catch (IllegalArgumentException | IOException e) {
      return error(400, e.getMessage());
    }
  }

  private HttpResponse graphUser(String idOrUpn) {
    GraphEmulator graph = sandbox.graph();
    GraphEmulator.UserState u = graph.user(idOrUpn);
    if (u == null) {
      return error(404, "no Graph user " + idOrUpn);
    }
    return json(
        200,
        new SandboxAdmin.GraphUser(
            u.id(),
            u.upn(),
            u.accountEnabled(),
            u.signInSessionsValidFrom(),
            graph.groupNamesOf(idOrUpn),
            u.directLicenses(),
            graph.driveAccess(idOrUpn)));
  }

  private List<SandboxServer.Logged> requests(HttpRequest r) {
    String method = r.query().get("method");
    String prefix = r.query().get("path");
    return sandbox.server().requests().stream()
        .filter(q -> method == null || q.method().equalsIgnoreCase(method))
        .filter(q -> prefix == null || q.path().startsWith(prefix))
        .toList();
  }

  private static JsonNode field(HttpRequest r, String name) throws IOException {
    JsonNode value = JSON.readTree(r.body()).get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("the body needs \"" + name + "\"");
    }
    return value;
  }

  private static HttpResponse json(int status, Object body) {
    try {
      return new HttpResponse(
          status,
          new LinkedHashMap<>(Map.of("Content-Type", "application/json")),
          JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse error(int status, String message) {
    return json(status, Map.of("error", message == null ? "" : message));
  }
}
