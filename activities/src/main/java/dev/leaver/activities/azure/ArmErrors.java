package dev.leaver.activities.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.management.exception.ManagementException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.target.TargetException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

/**
 * Turns ARM's answers into {@link TargetException}s, in one place. ARM throttles per principal,
 * subscription and region with 429 and {@code Retry-After} (its remaining budget is in the {@code
 * x-ms-ratelimit-remaining-*} headers): that is retryable after the server's delay, and the
 * pipeline has no retry policy of its own, so Temporal is the one retry layer. 401 and 403 ({@code
 * AuthorizationFailed}, {@code LinkedAuthorizationFailed}) park the step for an operator.
 */
final class ArmErrors {
  /** ARM error codes that mean "the caller may not", whatever the status. */
  private static final Set<String> DENIED =
      Set.of(
          "AuthorizationFailed",
          "LinkedAuthorizationFailed",
          "InvalidAuthenticationToken",
          "AuthenticationFailed",
          "ExpiredAuthenticationToken",
          "InsufficientPermissions");

  private ArmErrors() {}

  /** An answer with a status of 400 or more. */
  static TargetException from(
      String operation,
      String permission,
      int status,
      HttpHeaders headers,
      JsonNode body,
      Throwable cause) {
    String code = body == null ? null : body.path("error").path("code").asText(null);
    String detail = body == null ? "" : body.path("error").path("message").asText("");
    String message =
        "azure "
            + operation
            + ": HTTP "
            + status
            + (code == null ? "" : " " + code)
            + (detail.isEmpty() ? "" : " (" + detail + ")");
    if (status == 429 || status >= 500) {
      return new TargetException.Retryable(message, retryAfter(headers), cause);
    }
    if (status == 401 || status == 403 || (code != null && DENIED.contains(code))) {
      return new TargetException.PermissionDenied(message + "; needs " + permission, cause);
    }
    return new TargetException.Rejected(message, cause);
  }

  /** An exception from the SDK's fluent clients or the pipeline. */
  static TargetException from(String operation, String permission, RuntimeException e) {
    if (e instanceof TargetException t) {
      return t;
    }
    if (e instanceof ManagementException m && m.getResponse() != null) {
      String code = m.getValue() == null ? null : m.getValue().getCode();
      String detail = m.getValue() == null ? null : m.getValue().getMessage();
      JsonNode body =
          code == null
              ? null
              : Jsons.MAPPER
                  .createObjectNode()
                  .set(
                      "error",
                      Jsons.MAPPER.createObjectNode().put("code", code).put("message", detail));
      return from(
          operation,
          permission,
          m.getResponse().getStatusCode(),
          m.getResponse().getHeaders(),
          body,
          e);
    }
    if (e instanceof HttpResponseException h && h.getResponse() != null) {
      return from(
          operation,
          permission,
          h.getResponse().getStatusCode(),
          h.getResponse().getHeaders(),
          null,
          e);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof com.microsoft.aad.msal4j.MsalServiceException msal) {
        // The login endpoint answered: throttled or down is worth a retry, anything else is the
        // app's credentials (a wrong or expired secret, an unknown tenant or client).
        if (msal.statusCode() == 429 || msal.statusCode() >= 500) {
          return new TargetException.Retryable(
              "azure " + operation + ": the login endpoint answered " + msal.statusCode(), null, e);
        }
        return new TargetException.PermissionDenied(
            "azure "
                + operation
                + ": the app's client credentials were refused ("
                + msal.errorCode()
                + ": "
                + firstLine(msal.getMessage())
                + ")",
            e);
      }
      if (c instanceof ClientAuthenticationException) {
        return new TargetException.PermissionDenied(
            "azure "
                + operation
                + ": the app's client credentials were refused ("
                + firstLine(c.getMessage())
                + ")",
            e);
      }
    }
    if (e instanceof UncheckedIOException || e.getCause() instanceof java.io.IOException) {
      return new TargetException.Retryable(
          "azure " + operation + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
          null,
          e);
    }
    return new TargetException.Retryable("azure " + operation + ": " + e, null, e);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  /** The server's {@code Retry-After} in seconds; null when absent. */
  static Duration retryAfter(HttpHeaders headers) {
    return headers == null
        ? null
        : TargetException.Retryable.parseRetryAfter(headers.getValue(HttpHeaderName.RETRY_AFTER));
  }

  /** ARM's error code of an SDK exception, or null. */
  static String code(RuntimeException e) {
    if (e instanceof ManagementException m && m.getValue() != null) {
      return m.getValue().getCode();
    }
    return null;
  }

  /** The HTTP status of an SDK exception, or -1. */
  static int status(RuntimeException e) {
    return e instanceof HttpResponseException h && h.getResponse() != null
        ? h.getResponse().getStatusCode()
        : -1;
  }
}
