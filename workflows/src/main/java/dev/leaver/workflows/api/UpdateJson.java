package dev.leaver.workflows.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads an update's one JSON object without ever failing: a payload that is not such an object (the
 * old positional form, {@code "entra.X"} or {@code ["entra.X", "why"]}), an unknown field or a
 * value of the wrong type becomes a problem the update's validator refuses by name, with the JSON
 * to send, instead of a Jackson stack trace from the SDK's decoding.
 *
 * <p>Validators do not run on replay, so a history recorded before the one-object updates still
 * replays: the old form's value is read into the field it used to fill.
 */
final class UpdateJson {
  private final JsonNode object;
  private final JsonNode scalar;
  private final List<String> problems = new ArrayList<>();

  private UpdateJson(JsonNode json, Set<String> fields) {
    if (json != null && json.isObject()) {
      object = json;
      scalar = null;
      for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!fields.contains(name)) {
          problems.add(
              "unknown field \"" + name + "\" (the fields are " + String.join(", ", fields) + ")");
        }
      }
    } else {
      object = null;
      scalar = json;
      problems.add("got " + describe(json) + " instead of one JSON object");
    }
  }

  /** {@code json} as the update's input, whose fields are {@code fields}. */
  static UpdateJson read(JsonNode json, String... fields) {
    return new UpdateJson(json, Set.of(fields));
  }

  /**
   * A text field; from the old form, the bare value when {@code oldForm} is true (the field the old
   * first argument filled).
   */
  String text(String field, boolean oldForm) {
    JsonNode v = object != null ? object.get(field) : oldForm ? scalar : null;
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      if (object != null) {
        problems.add("\"" + field + "\" must be text, not " + describe(v));
      }
      return null;
    }
    return v.asText();
  }

  String text(String field) {
    return text(field, false);
  }

  Boolean bool(String field, boolean oldForm) {
    JsonNode v = object != null ? object.get(field) : oldForm ? scalar : null;
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      if (object != null) {
        problems.add("\"" + field + "\" must be true or false, not " + describe(v));
      }
      return null;
    }
    return v.booleanValue();
  }

  Instant instant(String field, boolean oldForm) {
    String text = text(field, oldForm);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(
          "\""
              + field
              + "\" must be an ISO-8601 instant like 2026-12-01T09:00:00Z, not \""
              + text
              + "\"");
      return null;
    }
  }

  HrEvent hrEvent(String field) {
    JsonNode v = object == null ? null : object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      problems.add("\"" + field + "\" must be an object {\"source\", \"eventId\", \"eventAt\"}");
      return null;
    }
    UpdateJson event = read(v, "source", "eventId", "eventAt");
    HrEvent e =
        new HrEvent(event.text("source"), event.text("eventId"), event.instant("eventAt", false));
    event.problems.forEach(p -> problems.add(field + ": " + p));
    return e;
  }

  /** What is wrong with the payload, or null when it is one JSON object of the right fields. */
  String problem() {
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static String describe(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isArray()) {
      return "an array (the old positional form)";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isNumber()) {
      return "a number";
    }
    return "an object";
  }
}
