package dev.leaver.activities.slack;

import com.slack.api.methods.SlackApiErrorResponse;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.scim2.SCIM2ApiErrorResponse;
import com.slack.api.scim2.SCIM2ApiException;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Turns Slack's answers into {@link TargetException}s, in one place.
 *
 * <p>The Web API reports most failures as HTTP 200 with {@code ok:false} and an error code; the SDK
 * throws {@link SlackApiException} only for non-2xx answers (429, 5xx). SCIM uses HTTP status codes
 * and the SDK throws {@link SCIM2ApiException}. SDK 1.51's synchronous clients do not retry or wait
 * on 429 themselves, so the Retry-After goes to Temporal as the next retry delay.
 */
final class SlackErrors {
  /** Codes that mean the token lacks a scope, a role or validity: an admin must fix it. */
  private static final Set<String> PERMISSION =
      Set.of(
          "missing_scope",
          "not_allowed_token_type",
          "no_permission",
          "not_an_admin",
          "not_authed",
          "invalid_auth",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "access_denied",
          "ekm_access_denied");

  /** Codes Slack documents as transient. */
  private static final Set<String> TRANSIENT =
      Set.of(
          "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

  private SlackErrors() {}

  /** An {@code ok:false} answer of a Web API method. */
  static TargetException fromResponse(String method, SlackApiTextResponse r) {
    return fromCode(method, r.getError(), r.getNeeded(), null, null);
  }

  /** A non-2xx answer of a Web API method. */
  static TargetException fromException(String method, SlackApiException e) {
    int status = e.getResponse().code();
    Duration retryAfter = retryAfter(e.getResponse().header("Retry-After"));
    SlackApiErrorResponse body = e.getError();
    String code = body == null ? null : body.getError();
    if (status == 429 || status >= 500) {
      return new TargetException.Retryable(
          "slack " + method + ": HTTP " + status + (code == null ? "" : " " + code), retryAfter, e);
    }
    if (code != null) {
      return fromCode(method, code, body.getNeeded(), retryAfter, e);
    }
    if (status == 401 || status == 403) {
      return new TargetException.PermissionDenied("slack " + method + ": HTTP " + status, e);
    }
    return new TargetException.Rejected("slack " + method + ": HTTP " + status, e);
  }

  /** A non-2xx SCIM answer; callers handle 404 themselves where it means "no such user". */
  static TargetException fromScim(String operation, SCIM2ApiException e) {
    int status = e.getResponse().code();
    SCIM2ApiErrorResponse body = e.getError();
    String detail = body == null || body.getDetail() == null ? "" : " " + body.getDetail();
    String message = "slack SCIM " + operation + ": HTTP " + status + detail;
    if (status == 429 || status >= 500) {
      return new TargetException.Retryable(
          message, retryAfter(e.getResponse().header("Retry-After")), e);
    }
    if (status == 401 || status == 403) {
      return new TargetException.PermissionDenied(
          message + " (SCIM needs an org admin's user token with the admin scope)", e);
    }
    return new TargetException.Rejected(message, e);
  }

  /** The request did not get an answer: the network or Slack is briefly away. */
  static TargetException fromIo(String operation, IOException e) {
    return new TargetException.Retryable(
        "slack " + operation + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), null, e);
  }

  private static TargetException fromCode(
      String method, String code, String needed, Duration retryAfter, Throwable cause) {
    String message = "slack " + method + ": " + code;
    if (code != null && PERMISSION.contains(code)) {
      String scope = needed == null ? "" : " (needs scope " + needed + ")";
      return new TargetException.PermissionDenied(message + scope, cause);
    }
    if (code != null && TRANSIENT.contains(code)) {
      return new TargetException.Retryable(message, retryAfter, cause);
    }
    return new TargetException.Rejected(message, cause);
  }

  /** Slack sends Retry-After in seconds; anything else is treated as absent. */
  static Duration retryAfter(String header) {
    return TargetException.Retryable.parseRetryAfter(header);
  }
}
