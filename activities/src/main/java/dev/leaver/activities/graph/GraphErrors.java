package dev.leaver.activities.graph;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Maps Graph failures to the connector SPI: throttling and 5xx are retryable with the server's
 * Retry-After (the SDK's own retry handler is off: Temporal is the one retry layer), 401 and 403
 * are PermissionDenied (403 naming the missing permission), other 4xx are refused for good.
 */
public final class GraphErrors {
  private GraphErrors() {}

  /** Runs a Graph call that needs {@code permission}. */
  public static <T> T call(String permission, Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      throw map(permission, e);
    } catch (TargetException e) {
      throw e;
    } catch (RuntimeException e) {
      // The SDK wraps a call that got no answer (connection closed, timed out) in a bare
      // RuntimeException: the write may or may not have landed, and a retry finds out.
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof IOException io) {
          throw new TargetException.Retryable(
              "Graph: no answer (" + io.getClass().getSimpleName() + ")", null, e);
        }
      }
      throw e;
    }
  }

  public static void run(String permission, Runnable call) {
    call(
        permission,
        () -> {
          call.run();
          return null;
        });
  }

  public static TargetException map(String permission, ApiException e) {
    int status = e.getResponseStatusCode();
    String requestId = RequestId.first(e.getResponseHeaders());
    String message =
        "Graph "
            + status
            + " "
            + describe(e)
            + (requestId == null ? "" : " (request-id " + requestId + ")");
    if (status == 429 || status >= 500) {
      return new TargetException.Retryable(message, retryAfter(e), e);
    }
    if (status == 401) {
      // No retry helps until an operator fixes the app's credentials; the permission is not the
      // issue.
      return new TargetException.PermissionDenied(
          message
              + " — Graph refused the app's credentials: check tenantId, clientId and clientSecret",
          e);
    }
    if (status == 403) {
      return new TargetException.PermissionDenied(message + " — the app needs " + permission, e);
    }
    return new TargetException.Rejected(message, e);
  }

  /** A membership that is already gone: 404, or Graph's 400 "… do not exist …" form. */
  public static boolean alreadyRemoved(ApiException e) {
    return e.getResponseStatusCode() == 404
        || (e.getResponseStatusCode() == 400 && describe(e).contains("do not exist"));
  }

  /** A membership that is already there: Graph's 400 "… already exist …". */
  public static boolean alreadyAdded(ApiException e) {
    return e.getResponseStatusCode() == 400 && describe(e).contains("already exist");
  }

  public static String describe(ApiException e) {
    if (e instanceof ODataError o && o.getError() != null) {
      return o.getError().getCode() + ": " + o.getError().getMessage();
    }
    return String.valueOf(e.getMessage());
  }

  private static Duration retryAfter(ApiException e) {
    if (e.getResponseHeaders() == null) {
      return null;
    }
    Set<String> values = e.getResponseHeaders().get("Retry-After");
    if (values == null || values.isEmpty()) {
      values = e.getResponseHeaders().get("retry-after");
    }
    try {
      return values == null || values.isEmpty()
          ? null
          : Duration.ofSeconds(Long.parseLong(values.iterator().next().trim()));
    } catch (NumberFormatException notSeconds) {
      return null;
    }
  }
}
