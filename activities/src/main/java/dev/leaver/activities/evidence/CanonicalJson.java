package dev.leaver.activities.evidence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.leaver.workflows.api.EvidenceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The form a record's hash is taken over, chosen so an auditor can recompute it with standard
 * tools: {@code jq -jcS 'del(.hash)' RECORD.json | sha256sum}. That is: the stored JSON without its
 * {@code hash} member, keys sorted (by code point) at every level, no whitespace, strings escaped
 * as jq escapes them ({@code \" \\ \b \f \n \r \t}; other controls and DEL as a backslash, u and
 * four lower-case hex digits; everything else raw UTF-8), instants and durations as ISO-8601
 * strings ({@code 2026-11-30T12:00:00Z}, {@code PT42.5S}), absent values as {@code null}.
 *
 * <p>The hash is taken over the stored JSON, not over the record re-serialised, so a member a later
 * version adds is covered too.
 */
final class CanonicalJson {
  static final String GENESIS = "0".repeat(64);

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private CanonicalJson() {}

  /** The record with its hash computed over everything else. */
  static EvidenceRecord sealed(EvidenceRecord unsealed) {
    ObjectNode tree = MAPPER.valueToTree(unsealed);
    tree.remove("hash");
    return new EvidenceRecord(
        unsealed.sequence(),
        unsealed.workflowId(),
        unsealed.runId(),
        unsealed.milestone(),
        unsealed.recordedAt(),
        unsealed.status(),
        unsealed.previousHash(),
        sha256(tree));
  }

  /** What is stored: the record as sorted, indented JSON (readable; the hash ignores layout). */
  static byte[] stored(EvidenceRecord record) {
    try {
      return MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(sorted(MAPPER.valueToTree(record)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write an evidence record as JSON", e);
    }
  }

  static JsonNode parse(byte[] stored) throws IOException {
    JsonNode tree = MAPPER.readTree(stored);
    if (tree == null || !tree.isObject()) {
      throw new IOException("not a JSON object");
    }
    return tree;
  }

  static EvidenceRecord record(JsonNode tree) throws IOException {
    return MAPPER.treeToValue(tree, EvidenceRecord.class);
  }

  /** SHA-256 (hex) of the canonical form of {@code tree}, which must not hold {@code hash}. */
  static String sha256(JsonNode tree) {
    StringBuilder out = new StringBuilder();
    write(tree, out);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(out.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The hash of a stored record's tree: the tree without its {@code hash} member. */
  static String recomputedHash(JsonNode stored) {
    ObjectNode copy = stored.deepCopy();
    copy.remove("hash");
    return sha256(copy);
  }

  static String canonical(JsonNode tree) {
    StringBuilder out = new StringBuilder();
    write(tree, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      boolean first = true;
      for (String key : sortedKeys(node)) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(key, out);
        out.append(':');
        write(node.get(key), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isIntegralNumber() || node.isBoolean() || node.isNull()) {
      out.append(node.asText());
    } else {
      // Floating point prints differently across tools; the record holds none.
      throw new IllegalArgumentException(
          "evidence JSON holds a value the canonical form does not allow: " + node.getNodeType());
    }
  }

  private static List<String> sortedKeys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    // jq orders keys by their UTF-8 bytes, which is code point order (not UTF-16 order).
    keys.sort(
        (a, b) -> {
          int[] x = a.codePoints().toArray();
          int[] y = b.codePoints().toArray();
          return java.util.Arrays.compare(x, y);
        });
    return keys;
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      for (String key : sortedKeys(node)) {
        copy.set(key, sorted(node.get(key)));
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = MAPPER.createArrayNode();
      node.forEach(n -> copy.add(sorted(n)));
      return copy;
    }
    return node;
  }
}
