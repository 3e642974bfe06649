package dev.leaver.activities.exchange;

import com.microsoft.graph.models.AutomaticRepliesSetting;
import com.microsoft.graph.models.AutomaticRepliesStatus;
import com.microsoft.graph.models.DateTimeTimeZone;
import com.microsoft.graph.models.ExternalAudienceScope;
import com.microsoft.graph.models.MailboxSettings;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.leaver.activities.graph.GraphErrors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mailbox's automatic replies through Graph ({@code /users/{id}/mailboxSettings}), as a flat map
 * the before-image can keep and a patch can restore exactly: status, audience, both messages and
 * the scheduled window.
 */
final class AutoReplies {
  static final String PERMISSION = "MailboxSettings.ReadWrite";
  static final String STATUS = "status";
  static final String AUDIENCE = "externalAudience";
  static final String INTERNAL = "internalReplyMessage";
  static final String EXTERNAL = "externalReplyMessage";
  private static final String START = "scheduledStart";
  private static final String START_ZONE = "scheduledStartTimeZone";
  private static final String END = "scheduledEnd";
  private static final String END_ZONE = "scheduledEndTimeZone";

  private final GraphServiceClient graph;

  AutoReplies(GraphServiceClient graph) {
    this.graph = graph;
  }

  /** The user's automaticRepliesSetting; absent values read as empty text. */
  Map<String, String> read(String userId) {
    MailboxSettings s =
        GraphErrors.call(
            PERMISSION,
            () ->
                graph
                    .users()
                    .byUserId(userId)
                    .mailboxSettings()
                    .get(
                        rc ->
                            rc.queryParameters.select = new String[] {"automaticRepliesSetting"}));
    AutomaticRepliesSetting a =
        s == null || s.getAutomaticRepliesSetting() == null
            ? new AutomaticRepliesSetting()
            : s.getAutomaticRepliesSetting();
    Map<String, String> m = new LinkedHashMap<>();
    m.put(STATUS, a.getStatus() == null ? "" : a.getStatus().getValue());
    m.put(AUDIENCE, a.getExternalAudience() == null ? "" : a.getExternalAudience().getValue());
    m.put(INTERNAL, text(a.getInternalReplyMessage()));
    m.put(EXTERNAL, text(a.getExternalReplyMessage()));
    DateTimeTimeZone start = a.getScheduledStartDateTime();
    DateTimeTimeZone end = a.getScheduledEndDateTime();
    m.put(START, start == null ? "" : text(start.getDateTime()));
    m.put(START_ZONE, start == null ? "" : text(start.getTimeZone()));
    m.put(END, end == null ? "" : text(end.getDateTime()));
    m.put(END_ZONE, end == null ? "" : text(end.getTimeZone()));
    return m;
  }

  /** Patches the fields {@code m} holds (non-empty ones, and both messages even when empty). */
  void write(String userId, Map<String, String> m) {
    AutomaticRepliesSetting a = new AutomaticRepliesSetting();
    if (!m.getOrDefault(STATUS, "").isEmpty()) {
      a.setStatus(AutomaticRepliesStatus.forValue(m.get(STATUS)));
    }
    if (!m.getOrDefault(AUDIENCE, "").isEmpty()) {
      a.setExternalAudience(ExternalAudienceScope.forValue(m.get(AUDIENCE)));
    }
    a.setInternalReplyMessage(m.getOrDefault(INTERNAL, ""));
    a.setExternalReplyMessage(m.getOrDefault(EXTERNAL, ""));
    if (!m.getOrDefault(START, "").isEmpty()) {
      a.setScheduledStartDateTime(dateTime(m.get(START), m.get(START_ZONE)));
    }
    if (!m.getOrDefault(END, "").isEmpty()) {
      a.setScheduledEndDateTime(dateTime(m.get(END), m.get(END_ZONE)));
    }
    MailboxSettings s = new MailboxSettings();
    s.setAutomaticRepliesSetting(a);
    GraphErrors.run(PERMISSION, () -> graph.users().byUserId(userId).mailboxSettings().patch(s));
  }

  private static DateTimeTimeZone dateTime(String at, String zone) {
    DateTimeTimeZone d = new DateTimeTimeZone();
    d.setDateTime(at);
    d.setTimeZone(zone == null || zone.isEmpty() ? "UTC" : zone);
    return d;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
