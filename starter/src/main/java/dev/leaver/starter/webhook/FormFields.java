package dev.leaver.starter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@code application/x-www-form-urlencoded} body with bracketed keys, the way BambooHR posts a
 * webhook as a form ({@code data[employeeId]=67890&data[changedFields][0]=status}), read into the
 * JSON tree its JSON format would have: nested keys become objects, keys that are all indexes
 * become arrays in index order. Refuses what could make the signed bytes mean two things: a key
 * given twice, or a key that is both a value and a group.
 */
final class FormFields {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Deeper keys than any BambooHR payload has are refused, as deep JSON is. */
  private static final int MAX_DEPTH = 8;

  private FormFields() {}

  /** The form as a JSON object. */
  static JsonNode object(byte[] body) throws Refusal {
    String text = new String(body, StandardCharsets.UTF_8);
    ObjectNode root = NODES.objectNode();
    if (text.isBlank()) {
      throw Refusal.badRequest("form body is empty");
    }
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key;
      String value;
      try {
        key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw Refusal.badRequest("form body is not URL-encoded");
      }
      put(root, path(key), value);
    }
    return arrays(root);
  }

  /** {@code data[changedFields][0]} → [data, changedFields, 0]. */
  private static List<String> path(String key) throws Refusal {
    List<String> path = new ArrayList<>();
    int open = key.indexOf('[');
    path.add(open < 0 ? key : key.substring(0, open));
    while (open >= 0) {
      int close = key.indexOf(']', open);
      if (close < 0) {
        throw Refusal.badRequest("form key with an unclosed bracket");
      }
      path.add(key.substring(open + 1, close));
      open = close + 1 < key.length() ? key.indexOf('[', close) : -1;
      if (open > close + 1) {
        throw Refusal.badRequest("form key with text between brackets");
      }
    }
    if (path.get(0).isEmpty() || path.size() > MAX_DEPTH) {
      throw Refusal.badRequest("form key is empty or nested too deep");
    }
    return path;
  }

  private static void put(ObjectNode root, List<String> path, String value) throws Refusal {
    ObjectNode node = root;
    for (int i = 0; i < path.size(); i++) {
      String name = path.get(i);
      if (name.isEmpty()) {
        // "a[]=x": the next index.
        name = Integer.toString(node.size());
      }
      JsonNode existing = node.get(name);
      if (i == path.size() - 1) {
        if (existing != null) {
          throw Refusal.badRequest("form key given twice");
        }
        node.put(name, value);
        return;
      }
      if (existing == null) {
        node = node.putObject(name);
      } else if (existing.isObject()) {
        node = (ObjectNode) existing;
      } else {
        throw Refusal.badRequest("form key is both a value and a group");
      }
    }
  }

  /** Objects whose keys are all indexes become arrays, in index order. */
  private static JsonNode arrays(JsonNode node) {
    if (!node.isObject()) {
      return node;
    }
    ObjectNode object = (ObjectNode) node;
    Map<Integer, JsonNode> indexed = new TreeMap<>();
    boolean allIndexes = !object.isEmpty();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      JsonNode converted = arrays(e.getValue());
      object.set(e.getKey(), converted);
      if (allIndexes && e.getKey().matches("\\d{1,6}")) {
        indexed.put(Integer.parseInt(e.getKey()), converted);
      } else {
        allIndexes = false;
      }
    }
    if (!allIndexes) {
      return object;
    }
    ArrayNode array = NODES.arrayNode();
    indexed.values().forEach(array::add);
    return array;
  }
}
