package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's mailbox through Graph: {@code GET/PATCH /users/{id}/mailboxSettings} (the
 * automaticRepliesSetting is what is kept), {@code POST /users/{id}/sendMail} (202, the message
 * lands in the sender's Sent Items) and {@code GET /users/{id}/mailFolders/sentitems/messages} with
 * {@code $filter=subject eq '...'}, {@code $select} and {@code $top}.
 *
 * <p>UNCONFIRMED: the status of {@code MailboxNotEnabledForRESTAPI} for a user without a mailbox
 * (404 here), the error codes for a bad recipient list and a bad message filter.
 */
final class Mail {
  private static final Set<String> STATUSES = Set.of("disabled", "alwaysEnabled", "scheduled");
  private static final Set<String> AUDIENCES = Set.of("none", "contactsOnly", "all");
  private static final Set<String> REPLY_FIELDS =
      Set.of(
          "status",
          "externalAudience",
          "internalReplyMessage",
          "externalReplyMessage",
          "scheduledStartDateTime",
          "scheduledEndDateTime");

  /** What Graph returns for a message without {@code $select}: not its internet headers. */
  private static final Set<String> MESSAGE_DEFAULTS =
      Set.of(
          "id",
          "createdDateTime",
          "sentDateTime",
          "subject",
          "bodyPreview",
          "body",
          "from",
          "toRecipients",
          "isDraft");

  private static final Pattern SUBJECT_EQ =
      Pattern.compile("^\\s*subject\\s+eq\\s+'((?:[^']|'')*)'\\s*$");

  /** One sent message, as the sender's Sent Items keep it. */
  record Sent(
      String id,
      Instant sentAt,
      String subject,
      String contentType,
      String content,
      List<String> to,
      Map<String, String> headers) {}

  private final Clock clock;
  private int nextMessage = 1;

  Mail(Clock clock) {
    this.clock = clock;
  }

  /** A new mailbox's setting: off, answering everyone once switched on, no text. */
  static ObjectNode defaultAutomaticReplies() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("status", "disabled")
        .put("externalAudience", "all")
        .put("internalReplyMessage", "")
        .put("externalReplyMessage", "");
    n.putObject("scheduledStartDateTime")
        .put("dateTime", "2026-01-05T09:00:00.0000000")
        .put("timeZone", "UTC");
    n.putObject("scheduledEndDateTime")
        .put("dateTime", "2026-01-06T09:00:00.0000000")
        .put("timeZone", "UTC");
    return n;
  }

  HttpResponse settings(GraphTenant.User u, HttpRequest r) {
    if (!u.hasMailbox) {
      return noMailbox();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "@odata.context",
        "https://graph.microsoft.com/v1.0/$metadata#users('" + u.id + "')/mailboxSettings");
    m.put("archiveFolder", "AAMkArchive" + u.id);
    m.put("timeZone", "UTC");
    m.put("automaticRepliesSetting", u.automaticReplies.deepCopy());
    m.put("language", Map.of("locale", "en-GB", "displayName", "English (United Kingdom)"));
    m.put("dateFormat", "dd/MM/yyyy");
    m.put("timeFormat", "HH:mm");
    m.put("userPurpose", "user");
    m.put("delegateMeetingMessageDeliveryOptions", "sendToDelegateOnly");
    return HttpResponse.json(200, GraphJson.select(m, r.query().get("$select"), null));
  }

  /** Only the automatic replies are emulated; any other setting is refused so it shows up. */
  HttpResponse patchSettings(GraphTenant.User u, JsonNode body) {
    if (!u.hasMailbox) {
      return noMailbox();
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("automaticRepliesSetting") && !name.startsWith("@odata.")) {
        return GraphJson.error(
            400,
            "BadRequest",
            "The Leaver sandbox emulates only automaticRepliesSetting, not " + name);
      }
    }
    JsonNode a = body.path("automaticRepliesSetting");
    for (Map.Entry<String, JsonNode> f : a.properties()) {
      boolean bad =
          (!REPLY_FIELDS.contains(f.getKey()) && !f.getKey().startsWith("@odata."))
              || (f.getKey().equals("status") && !STATUSES.contains(f.getValue().asText()))
              || (f.getKey().equals("externalAudience")
                  && !AUDIENCES.contains(f.getValue().asText()));
      if (bad) {
        return GraphJson.error(
            400,
            "ErrorInvalidRequest",
            "Invalid value for automaticRepliesSetting." + f.getKey() + ".");
      }
    }
    a.properties()
        .forEach(
            f -> {
              if (!f.getKey().startsWith("@odata.")) {
                u.automaticReplies.set(f.getKey(), f.getValue().deepCopy());
              }
            });
    return HttpResponse.json(
        200,
        Map.of(
            "@odata.context",
            "https://graph.microsoft.com/v1.0/$metadata#users('" + u.id + "')/mailboxSettings",
            "automaticRepliesSetting",
            u.automaticReplies.deepCopy()));
  }

  HttpResponse sendMail(GraphTenant.User u, JsonNode body) {
    if (!u.hasMailbox) {
      return noMailbox();
    }
    // The Graph SDK sends the action's parameters as "Message" and "SaveToSentItems"; the
    // documentation writes them in camel case. Graph takes both.
    JsonNode msg = either(body, "message");
    List<String> to = new ArrayList<>();
    msg.path("toRecipients").forEach(t -> to.add(t.path("emailAddress").path("address").asText()));
    if (to.isEmpty() || to.stream().anyMatch(a -> !a.contains("@"))) {
      return GraphJson.error(400, "ErrorInvalidRecipients", "At least one recipient isn't valid.");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (JsonNode h : msg.path("internetMessageHeaders")) {
      String name = h.path("name").asText();
      if (!name.regionMatches(true, 0, "x-", 0, 2)) {
        return GraphJson.error(
            400,
            "InvalidInternetMessageHeader",
            "The internet message header name '" + name + "' should start with 'x-' or 'X-'.");
      }
      headers.put(name, h.path("value").asText());
    }
    if (either(body, "saveToSentItems").asBoolean(true)) {
      u.sentItems.add(
          new Sent(
              "AAMkSent" + nextMessage++,
              clock.instant().truncatedTo(ChronoUnit.SECONDS),
              msg.path("subject").asText(""),
              msg.path("body").path("contentType").asText("text"),
              msg.path("body").path("content").asText(""),
              List.copyOf(to),
              headers));
    }
    return HttpResponse.empty(202);
  }

  /** Only Sent Items exist; only {@code subject eq '...'} filters them. */
  HttpResponse folderMessages(GraphTenant.User u, String folder, HttpRequest r) {
    if (!u.hasMailbox) {
      return noMailbox();
    }
    if (!folder.equalsIgnoreCase("sentitems")) {
      return GraphJson.error(
          404, "ErrorItemNotFound", "The specified object was not found in the store.");
    }
    String filter = r.query().get("$filter");
    String subject = null;
    if (filter != null) {
      Matcher m = SUBJECT_EQ.matcher(filter);
      if (!m.matches()) {
        return GraphJson.error(
            400,
            "ErrorInvalidUrlQueryFilter",
            "The Leaver sandbox filters messages on subject eq '...' only.");
      }
      subject = m.group(1).replace("''", "'");
    }
    int top;
    try {
      top = Integer.parseInt(r.query().getOrDefault("$top", "10"));
    } catch (NumberFormatException e) {
      return GraphJson.error(400, "BadRequest", "Invalid $top value.");
    }
    List<Object> value = new ArrayList<>();
    for (int i = u.sentItems.size() - 1; i >= 0 && value.size() < top; i--) { // newest first
      Sent s = u.sentItems.get(i);
      if (subject == null || subject.equals(s.subject())) {
        value.add(GraphJson.select(message(u, s), r.query().get("$select"), MESSAGE_DEFAULTS));
      }
    }
    return HttpResponse.json(
        200,
        Map.of(
            "@odata.context",
            "https://graph.microsoft.com/v1.0/$metadata#users('"
                + u.id
                + "')/mailFolders('sentitems')/messages",
            "value",
            value));
  }

  private static Map<String, Object> message(GraphTenant.User u, Sent s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@odata.etag", "W/\"CQAAABYAAAC" + s.id() + "\"");
    m.put("id", s.id());
    m.put("createdDateTime", s.sentAt().toString());
    m.put("sentDateTime", s.sentAt().toString());
    m.put("subject", s.subject());
    m.put("bodyPreview", s.content().length() > 255 ? s.content().substring(0, 255) : s.content());
    m.put("isDraft", false);
    m.put("body", Map.of("contentType", s.contentType(), "content", s.content()));
    m.put("from", Map.of("emailAddress", Map.of("name", u.displayName, "address", u.upn)));
    m.put(
        "toRecipients",
        s.to().stream().map(a -> Map.of("emailAddress", Map.of("address", a))).toList());
    m.put(
        "internetMessageHeaders",
        s.headers().entrySet().stream()
            .map(h -> Map.of("name", h.getKey(), "value", h.getValue()))
            .toList());
    return m;
  }

  /** A field in camel case or with its first letter upper case. */
  private static JsonNode either(JsonNode body, String camel) {
    JsonNode n = body.path(camel);
    return n.isMissingNode()
        ? body.path(Character.toUpperCase(camel.charAt(0)) + camel.substring(1))
        : n;
  }

  private static HttpResponse noMailbox() {
    return GraphJson.error(
        404,
        "MailboxNotEnabledForRESTAPI",
        "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
  }
}
