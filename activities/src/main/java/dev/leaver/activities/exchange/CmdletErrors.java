package dev.leaver.activities.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a failed {@code InvokeCommand} into a {@link TargetException}, in one place: 429 and 5xx
 * are retryable after the server's Retry-After, 401 and 403 are PermissionDenied, anything else is
 * refused for good with the cmdlet's own reason.
 *
 * <p>Exchange wraps every cmdlet failure alike: {@code error.message} is a generic "Error executing
 * cmdlet" and the reason is in {@code error.details[*].message} as {@code <error id>|<exception
 * type>|<text>}. Those texts quote the identities involved, which may be e-mail addresses: they are
 * replaced with {@code <address>} here, since failure messages reach the workflow history and the
 * worker's log.
 */
final class CmdletErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NOT_FOUND = "ManagementObjectNotFoundException";

  private CmdletErrors() {}

  /**
   * Exchange's answer for an {@code -Identity} that names nothing: 404, ManagementObjectNotFound.
   */
  static boolean notFound(HttpResponse<String> r) {
    return r.statusCode() == 404 && details(r.body()).stream().anyMatch(d -> d.contains(NOT_FOUND));
  }

  static TargetException map(String cmdlet, String permission, HttpResponse<String> r) {
    int status = r.statusCode();
    String requestId = r.headers().firstValue("request-id").orElse(null);
    String message =
        "Exchange "
            + cmdlet
            + " "
            + status
            + reason(r.body())
            + (requestId == null ? "" : " (request-id " + requestId + ")");
    if (status == 429 || status >= 500) {
      return new TargetException.Retryable(
          message,
          TargetException.Retryable.parseRetryAfter(
              r.headers().firstValue("Retry-After").orElse(null)),
          null);
    }
    if (status == 401) {
      return new TargetException.PermissionDenied(
          message
              + " — Exchange refused the app's token:"
              + " check systems.exchange tenantId, clientId and clientSecret",
          null);
    }
    if (status == 403) {
      // An unknown cmdlet, or one no role of the app includes, is answered 403 with no body.
      return new TargetException.PermissionDenied(
          message
              + " — the app needs "
              + permission
              + " (Office 365 Exchange Online) and an Exchange role that includes "
              + cmdlet
              + ", e.g. the Exchange Administrator directory role",
          null);
    }
    return new TargetException.Rejected(message, null);
  }

  /** ": <the cmdlet's reasons>", or the error code when it gave none; "" for no body. */
  private static String reason(String body) {
    List<String> reasons = details(body);
    if (!reasons.isEmpty()) {
      return ": " + redact(String.join(" ", reasons));
    }
    JsonNode code = parse(body).path("error").path("code");
    return code.isMissingNode() ? "" : ": " + redact(code.asText());
  }

  /** The human part of each {@code error.details[*].message}, after the last {@code |}. */
  private static List<String> details(String body) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : parse(body).path("error").path("details")) {
      String m = d.path("message").asText("");
      String text = m.substring(m.lastIndexOf('|') + 1).trim();
      if (!text.isEmpty()) {
        out.add(m.contains(NOT_FOUND) ? NOT_FOUND + ": " + text : text);
      }
    }
    return out;
  }

  static String redact(String text) {
    return text.replaceAll("[^\\s'\"<>()]+@[^\\s'\"<>()]+", "<address>");
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException notJson) {
      return JSON.createObjectNode();
    }
  }
}
