package dev.leaver.starter.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reading payload fields by dotted path, with refusals that name the field (never its value). */
final class JsonFields {
  static final ObjectMapper JSON =
      new ObjectMapper()
          // Two "employeeId" keys would let the signed bytes mean two things: refuse them.
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final DateTimeFormatter DAY_FIRST = DateTimeFormatter.ofPattern("dd/MM/uuuu");

  private JsonFields() {}

  /** The body as a JSON object. */
  static JsonNode object(byte[] body) throws Refusal {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JacksonException e) {
      throw Refusal.badRequest("body is not valid JSON");
    } catch (IOException e) {
      throw Refusal.badRequest("body could not be read as JSON");
    }
    if (node == null || !node.isObject()) {
      throw Refusal.badRequest("body is not a JSON object");
    }
    return node;
  }

  /** The node at a dotted path ({@code data.employeeId}), or null. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    for (String key : path.split("\\.")) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(key);
    }
    return n == null || n.isNull() ? null : n;
  }

  /** A string or number at the path as text, or null when absent, blank or not a scalar. */
  static String text(JsonNode root, String path) {
    JsonNode n = at(root, path);
    if (n == null || !(n.isTextual() || n.isNumber())) {
      return null;
    }
    String s = n.asText().trim();
    return s.isEmpty() ? null : s;
  }

  /** The first of the paths that has text, or null. */
  static String firstText(JsonNode root, String... paths) {
    for (String path : paths) {
      String s = text(root, path);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  static String requireText(JsonNode root, String path) throws Refusal {
    String s = text(root, path);
    if (s == null) {
      throw Refusal.badRequest(path + " is required");
    }
    return s;
  }

  /** A boolean at the path; {@code false} when absent. */
  static boolean flag(JsonNode root, String path) throws Refusal {
    JsonNode n = at(root, path);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      throw Refusal.badRequest(path + " must be true or false");
    }
    return n.booleanValue();
  }

  /** A calendar date, {@code YYYY-MM-DD} (or HiBob's {@code DD/MM/YYYY}), or null when absent. */
  static LocalDate date(JsonNode root, String path) throws Refusal {
    String s = text(root, path);
    if (s == null) {
      return null;
    }
    try {
      return s.contains("/") ? LocalDate.parse(s, DAY_FIRST) : LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw Refusal.badRequest(path + " is not a YYYY-MM-DD date");
    }
  }

  /** An IANA zone at the path, or {@code fallback} when absent. */
  static ZoneId zone(JsonNode root, String path, ZoneId fallback) throws Refusal {
    String s = text(root, path);
    if (s == null) {
      return fallback;
    }
    try {
      return ZoneId.of(s);
    } catch (RuntimeException e) {
      throw Refusal.badRequest(path + " is not a known time zone");
    }
  }
}
