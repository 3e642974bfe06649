package dev.leaver.activities.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON for raw ARM bodies and for the structured values kept in before-images (one JSON object per
 * item, keys sorted, so a before-image and a re-read after an undo compare equal).
 */
final class Jsons {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Jsons() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Compact JSON with keys sorted. */
  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(MAPPER.treeToValue(node, java.util.TreeMap.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "a before-image value is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Text values of an array, lower-cased and sorted (Key Vault permissions are case-insensitive).
   */
  static List<String> sortedLower(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText().toLowerCase(java.util.Locale.ROOT)));
    out.sort(null);
    return out;
  }

  static String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
