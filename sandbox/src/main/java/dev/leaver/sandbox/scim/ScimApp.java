package dev.leaver.sandbox.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.util.List;

/** One SCIM app behind {@code /scim/<app>/v2}: emulated in memory, or a real server's tenant. */
interface ScimApp {

  /**
   * Handles a request whose path is {@code /scim/<app>/v2/<rest>}; the token is checked already.
   */
  HttpResponse handle(String rest, HttpRequest request);

  /** Creates a user as {@code POST /Users} would, for tests; returns the stored resource. */
  JsonNode create(ObjectNode user);

  /** Every user, as the app would list them, for tests and the demo's read-back. */
  List<JsonNode> users();

  /** Creates a group as {@code POST /Groups} would (members by the app's user ids), for tests. */
  JsonNode createGroup(ObjectNode group);

  /** Every group, as the app would list them. */
  List<JsonNode> groups();
}
