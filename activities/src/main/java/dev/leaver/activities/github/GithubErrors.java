package dev.leaver.activities.github;

import dev.leaver.activities.target.TargetException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.HttpException;

/**
 * Turns GitHub's answers into {@link TargetException}s, in one place.
 *
 * <p>GitHub throttles in two ways, both answered 403 or 429: the primary limit ({@code
 * x-ratelimit-remaining: 0}, wait until {@code x-ratelimit-reset}, epoch seconds) and secondary
 * limits ({@code retry-after} in seconds; without it GitHub asks to wait at least a minute). Both
 * are {@link TargetException.Retryable} with that delay, so Temporal waits rather than the
 * activity. Any other 401 or 403 is {@link TargetException.PermissionDenied}; other 4xx are {@link
 * TargetException.Rejected}; 5xx and I/O failures are retryable.
 */
final class GithubErrors {
  /** GitHub's advice when a secondary limit sends no retry-after: wait at least a minute. */
  static final Duration SECONDARY_DEFAULT = Duration.ofSeconds(60);

  private GithubErrors() {}

  /** Whether an answer is a primary or secondary rate limit rather than a refusal. */
  static boolean throttled(int status, Function<String, String> header, String message) {
    if (status == 429) {
      return true;
    }
    if (status != 403) {
      return false;
    }
    return "0".equals(header.apply("x-ratelimit-remaining"))
        || header.apply("retry-after") != null
        || (message != null && message.toLowerCase(Locale.ROOT).contains("rate limit"));
  }

  /** The delay a throttled answer asks for: retry-after, else until x-ratelimit-reset. */
  static Duration delay(Function<String, String> header, Clock clock) {
    Duration retryAfter = TargetException.Retryable.parseRetryAfter(header.apply("retry-after"));
    if (retryAfter != null) {
      return retryAfter;
    }
    if ("0".equals(header.apply("x-ratelimit-remaining"))) {
      try {
        long reset = Long.parseLong(header.apply("x-ratelimit-reset").trim());
        long wait = reset - clock.instant().getEpochSecond();
        return Duration.ofSeconds(Math.max(1, wait));
      } catch (RuntimeException e) {
        return SECONDARY_DEFAULT;
      }
    }
    return SECONDARY_DEFAULT;
  }

  /** An HTTP answer that is not a success. */
  static TargetException fromStatus(
      String operation,
      int status,
      Function<String, String> header,
      String message,
      Clock clock,
      String permission) {
    String text =
        "github " + operation + ": HTTP " + status + (message == null ? "" : " " + message);
    if (throttled(status, header, message)) {
      return new TargetException.Retryable(text, delay(header, clock), null);
    }
    if (status >= 500) {
      return new TargetException.Retryable(text, null, null);
    }
    if (status == 401 || status == 403) {
      return new TargetException.PermissionDenied(
          text + (permission == null ? "" : " (needs " + permission + ")"), null);
    }
    return new TargetException.Rejected(text, null);
  }

  /** A failure github-api threw; {@link Throttled} carries the delay our handlers read. */
  static TargetException fromSdk(String operation, IOException e, String permission) {
    if (e instanceof Throttled t) {
      return new TargetException.Retryable(
          "github " + operation + ": " + t.getMessage(), t.delay, e);
    }
    if (e.getCause() instanceof Throttled t) {
      return new TargetException.Retryable(
          "github " + operation + ": " + t.getMessage(), t.delay, e);
    }
    if (e instanceof HttpException h && h.getResponseCode() > 0) {
      TargetException mapped =
          fromStatus(
              operation,
              h.getResponseCode(),
              headers(h),
              firstLine(h.getMessage()),
              Clock.systemUTC(),
              permission);
      mapped.initCause(e);
      return mapped;
    }
    if (e instanceof FileNotFoundException) {
      return new TargetException.Rejected("github " + operation + ": HTTP 404 Not Found", e);
    }
    return new TargetException.Retryable(
        "github " + operation + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
        null,
        e);
  }

  private static Function<String, String> headers(GHIOException e) {
    Map<String, List<String>> fields = e.getResponseHeaderFields();
    return name -> {
      if (fields == null) {
        return null;
      }
      return fields.entrySet().stream()
          .filter(x -> x.getKey() != null && x.getKey().equalsIgnoreCase(name))
          .map(x -> x.getValue().isEmpty() ? null : x.getValue().get(0))
          .findFirst()
          .orElse(null);
    };
  }

  private static String firstLine(String s) {
    if (s == null) {
      return null;
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) : line;
  }

  /**
   * Thrown by the rate-limit and abuse-limit handlers github-api calls on a throttled answer:
   * github-api's own handlers would sleep inside the activity; these fail at once with the delay.
   */
  static final class Throttled extends IOException {
    final transient Duration delay;

    Throttled(String message, Duration delay) {
      super(message);
      this.delay = delay;
    }
  }
}
