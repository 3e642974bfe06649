package dev.leaver.activities.google;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Turns Google's answers into {@link TargetException}s, in one place.
 *
 * <p>Google throttles with 403 and a reason ({@code rateLimitExceeded}, {@code
 * userRateLimitExceeded}, {@code quotaExceeded}) or with 429, and sends no Retry-After: Temporal is
 * then asked to wait the configured backoff (a Retry-After, when one comes, wins). Other 401/403
 * answers mean a scope is not delegated or the impersonated admin lacks a role. A token request the
 * token endpoint refuses ({@code unauthorized_client}: the scope is not in the domain-wide
 * delegation; {@code invalid_grant}: bad key, unknown admin) is a permission problem too.
 */
final class GoogleErrors {
  static final Set<String> RATE_LIMITED =
      Set.of("rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded");

  private GoogleErrors() {}

  /** The first reason of a Google error answer, or null. */
  static String reason(GoogleJsonResponseException e) {
    GoogleJsonError details = e.getDetails();
    if (details == null || details.getErrors() == null || details.getErrors().isEmpty()) {
      return null;
    }
    return details.getErrors().get(0).getReason();
  }

  /** Maps a failed call; {@code scope} names what the call needs, for a 403's message. */
  static TargetException map(String call, String scope, IOException e, Duration backoff) {
    if (e instanceof GoogleJsonResponseException g) {
      String reason = reason(g);
      String message =
          g.getDetails() != null && g.getDetails().getMessage() != null
              ? g.getDetails().getMessage()
              : g.getStatusMessage();
      return byStatus(
          call,
          scope,
          g.getStatusCode(),
          reason,
          message,
          g.getHeaders() == null ? null : g.getHeaders().getFirstHeaderStringValue("Retry-After"),
          backoff,
          e);
    }
    if (e instanceof HttpResponseException h) {
      return byStatus(
          call,
          scope,
          h.getStatusCode(),
          null,
          h.getStatusMessage(),
          h.getHeaders() == null ? null : h.getHeaders().getFirstHeaderStringValue("Retry-After"),
          backoff,
          e);
    }
    if (e instanceof com.google.auth.Retryable r && !r.isRetryable()) {
      // The token endpoint refused the service account's assertion for this scope.
      String detail = tokenAnswer(e);
      return new TargetException.PermissionDenied(
          "google "
              + call
              + ": the token endpoint refused "
              + scope
              + " for the service account: "
              + detail
              + " (delegate the scope to the service"
              + " account's client id under Security > API controls > Domain-wide delegation)",
          e);
    }
    return new TargetException.Retryable(
        "google " + call + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), null, e);
  }

  static TargetException byStatus(
      String call,
      String scope,
      int status,
      String reason,
      String message,
      String retryAfterHeader,
      Duration backoff,
      Throwable cause) {
    String text =
        "google "
            + call
            + ": HTTP "
            + status
            + (reason == null ? "" : " " + reason)
            + (message == null ? "" : " " + message);
    Duration retryAfter = TargetException.Retryable.parseRetryAfter(retryAfterHeader);
    if (status == 429 || (status == 403 && reason != null && RATE_LIMITED.contains(reason))) {
      return new TargetException.Retryable(text, retryAfter != null ? retryAfter : backoff, cause);
    }
    if (status >= 500) {
      return new TargetException.Retryable(text, retryAfter, cause);
    }
    if (status == 401 || status == 403) {
      return new TargetException.PermissionDenied(
          text
              + " (needs "
              + scope
              + " delegated to the service account, and an admin role for the impersonated admin)",
          cause);
    }
    return new TargetException.Rejected(text, cause);
  }

  /**
   * What the token endpoint answered, from the exception google-auth threw for it. Google answers a
   * scope missing from the domain-wide delegation with 401 {@code unauthorized_client}; the JDK's
   * HTTP client may drop a 401's body, so the status alone says it then.
   */
  static String tokenAnswer(IOException e) {
    int status = tokenStatus(e);
    String content = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException h
          && h.getContent() != null
          && !h.getContent().isBlank()) {
        content = h.getContent();
      }
    }
    String text = content != null ? content : String.valueOf(e.getMessage()).replace('\n', ' ');
    if (status == 401 && !text.contains("unauthorized_client")) {
      text +=
          " (HTTP 401 from the token endpoint: unauthorized_client, the scope is not delegated)";
    }
    return text;
  }

  /** The token endpoint's HTTP status, or 0 when there was no answer. */
  static int tokenStatus(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException h) {
        return h.getStatusCode();
      }
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("service account: (\\d{3}) ")
            .matcher(String.valueOf(e.getMessage()));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  static boolean notFound(IOException e) {
    return e instanceof HttpResponseException h && h.getStatusCode() == 404;
  }

  static boolean duplicate(IOException e) {
    return e instanceof HttpResponseException h && h.getStatusCode() == 409;
  }
}
