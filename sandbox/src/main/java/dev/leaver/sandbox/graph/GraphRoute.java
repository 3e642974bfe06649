package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;

/**
 * A family of Graph paths served by one class with its own state (authentication methods, app role
 * assignments, delegated grants, owners). The emulator asks each route, in order, before its own
 * table of routes; the route names the permission a write needs, so the emulator answers 403 the
 * same way for every write. Called under the emulator's lock.
 */
interface GraphRoute {
  /** Whether this route serves the path, split on '/' after {@code /v1.0/}. */
  boolean serves(String[] p);

  /** The application permission a write to this path needs, or null for a read. */
  String permission(String method, String[] p);

  HttpResponse handle(HttpRequest r, String[] p, JsonNode body);
}
