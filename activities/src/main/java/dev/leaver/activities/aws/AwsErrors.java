package dev.leaver.activities.aws;

import dev.leaver.activities.target.TargetException;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns IAM's answers into {@link TargetException}s, in one place.
 *
 * <p>IAM (Query protocol) throttles with HTTP 400 and the code {@code Throttling}; other AWS
 * services and proxies answer {@code ThrottlingException}, {@code RequestLimitExceeded} or HTTP
 * 429. All are retryable, after the {@code Retry-After} header when one is sent (IAM documents
 * none, so usually Temporal's backoff decides). The SDK's own retries are off ({@link Iam}), so
 * every refusal reaches Temporal once.
 */
final class AwsErrors {
  private static final Set<String> THROTTLED =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled",
          "SlowDown");
  private static final Set<String> TRANSIENT =
      Set.of(
          "ServiceUnavailable",
          "InternalFailure",
          "ServiceFailure",
          "InternalError",
          "RequestTimeout",
          "ConcurrentModification");

  /** The caller may not do this, or AWS refuses its credentials: an administrator must act. */
  private static final Set<String> DENIED =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "UnauthorizedOperation",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidAccessKeyId",
          "UnrecognizedClientException",
          "MissingAuthenticationToken");

  private AwsErrors() {}

  /** A refusal by IAM (or by whatever answered at the endpoint). */
  static TargetException map(String operation, String permission, AwsServiceException e) {
    int status = e.statusCode();
    String code = code(e);
    String message =
        "aws "
            + operation
            + ": HTTP "
            + status
            + (code == null ? "" : " " + code)
            + (e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? ""
                : " " + e.awsErrorDetails().errorMessage());
    if (status == 429 || (code != null && THROTTLED.contains(code))) {
      return new TargetException.Retryable(message, retryAfter(e), e);
    }
    if (status >= 500 || (code != null && TRANSIENT.contains(code))) {
      return new TargetException.Retryable(message, retryAfter(e), e);
    }
    if (status == 401 || status == 403 || (code != null && DENIED.contains(code))) {
      return new TargetException.PermissionDenied(message + " (needs " + permission + ")", e);
    }
    return new TargetException.Rejected(message, e);
  }

  /** No answer: the network, a timeout, or the answer was lost after the write. */
  static TargetException io(String operation, SdkClientException e) {
    return new TargetException.Retryable(
        "aws " + operation + ": no answer: " + e.getClass().getSimpleName() + " " + e.getMessage(),
        null,
        e);
  }

  /** IAM's error code, e.g. {@code NoSuchEntity}; null when the body had none. */
  static String code(AwsServiceException e) {
    AwsErrorDetails d = e.awsErrorDetails();
    return d == null ? null : d.errorCode();
  }

  static Duration retryAfter(AwsServiceException e) {
    AwsErrorDetails d = e.awsErrorDetails();
    if (d == null || d.sdkHttpResponse() == null) {
      return null;
    }
    return d.sdkHttpResponse()
        .firstMatchingHeader("Retry-After")
        .map(TargetException.Retryable::parseRetryAfter)
        .orElse(null);
  }
}
