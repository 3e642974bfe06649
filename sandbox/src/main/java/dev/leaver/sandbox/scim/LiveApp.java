package dev.leaver.sandbox.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.pypi.Forwarder;
import dev.leaver.sandbox.pypi.PyPiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A SCIM app that is a real scim2-server (PyPI, pinned in {@link PyPiServer#SCIM2_SERVER}) behind
 * the sandbox's port: {@code /scim/<app>/v2/...} is forwarded to a tenant of its own on the JVM's
 * shared server ({@code /<tenant>/v2/...}), so the sandbox's request log and fault injection work
 * for it as for the emulated apps. The server has no reset, so every instance (every sandbox start)
 * takes a new, empty tenant and seeds its users through the real SCIM API on first use; ids are the
 * server's own.
 */
final class LiveApp implements ScimApp {
  private final String name;
  private final List<ObjectNode> seed = new ArrayList<>();
  private final List<ObjectNode> seedGroups = new ArrayList<>();

  /** The tenant file's user ids → the ids the server gave them. */
  private final Map<String, String> ids = new java.util.HashMap<>();

  private final String tenant = "t" + UUID.randomUUID().toString().replace("-", "");
  private final Forwarder forwarder =
      new Forwarder(() -> PyPiServer.shared(PyPiServer.SCIM2_SERVER).url());
  private int seeded;

  LiveApp(String name, JsonNode source) {
    this.name = name;
    for (JsonNode u : source.path("users")) {
      seed.add(u.deepCopy()); // the server chooses its own ids; the seed's are mapped to them
    }
    for (JsonNode g : source.path("groups")) {
      seedGroups.add(g.deepCopy());
    }
  }

  @Override
  public HttpResponse handle(String rest, HttpRequest request) {
    seeded();
    return forward(
        new HttpRequest(
            request.method(),
            prefix() + "/" + rest,
            request.query(),
            request.headers(),
            request.body()));
  }

  @Override
  public JsonNode create(ObjectNode user) {
    seeded();
    return post(user);
  }

  @Override
  public List<JsonNode> users() {
    seeded();
    HttpResponse r =
        forward(
            new HttpRequest(
                "GET", prefix() + "/Users", Map.of("count", "1000"), Map.of(), new byte[0]));
    List<JsonNode> out = new ArrayList<>();
    read(r).path("Resources").forEach(out::add);
    return out;
  }

  @Override
  public JsonNode createGroup(ObjectNode group) {
    seeded();
    return postTo("/Groups", group, EmulatedGroups.GROUP_SCHEMA, false);
  }

  @Override
  public List<JsonNode> groups() {
    seeded();
    HttpResponse r =
        forward(
            new HttpRequest(
                "GET", prefix() + "/Groups", Map.of("count", "1000"), Map.of(), new byte[0]));
    List<JsonNode> out = new ArrayList<>();
    read(r).path("Resources").forEach(out::add);
    return out;
  }

  /**
   * Seeds the users, then the groups with their members' ids mapped to the server's; a user that is
   * there already (409) counts as seeded. A failed seed is taken up again by the next request.
   */
  private synchronized void seeded() {
    while (seeded < seed.size() + seedGroups.size()) {
      if (seeded < seed.size()) {
        ObjectNode user = seed.get(seeded).deepCopy();
        String seedId = user.path("id").asText("");
        user.remove("id");
        JsonNode created = postTo("/Users", user, EmulatedApp.USER_SCHEMA, true);
        if (created != null && !seedId.isEmpty()) {
          ids.put(seedId, created.path("id").asText());
        }
      } else {
        ObjectNode group = seedGroups.get(seeded - seed.size()).deepCopy();
        group.remove("id");
        for (JsonNode m : group.path("members")) {
          ((ObjectNode) m)
              .put("value", ids.getOrDefault(m.path("value").asText(), m.path("value").asText()));
        }
        postTo("/Groups", group, EmulatedGroups.GROUP_SCHEMA, false);
      }
      seeded++;
    }
  }

  private JsonNode post(ObjectNode user) {
    return postTo("/Users", user, EmulatedApp.USER_SCHEMA, false);
  }

  private JsonNode postTo(String endpoint, ObjectNode user, String schema, boolean seeding) {
    if (!user.has("schemas")) {
      user.putArray("schemas").add(schema);
    }
    try {
      HttpResponse r =
          forward(
              new HttpRequest(
                  "POST",
                  prefix() + endpoint,
                  Map.of(),
                  Map.of("content-type", List.of("application/scim+json")),
                  Json.MAPPER.writeValueAsBytes(user)));
      if (seeding && r.status() == 409) {
        return null;
      }
      if (r.status() != 201) {
        throw new IllegalStateException(
            "scim2-server refused a seed "
                + endpoint
                + " of "
                + name
                + ": HTTP "
                + r.status()
                + " "
                + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
      }
      return read(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse forward(HttpRequest request) {
    return forwarder.forward(request, prefix(), "/" + tenant + "/v2");
  }

  private String prefix() {
    return "/scim/" + name + "/v2";
  }

  private static JsonNode read(HttpResponse r) {
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
