package dev.leaver.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One injected fault: which requests it matches, what it does to them, and for how long.
 *
 * <p>Build one with a factory and narrow its budget, e.g. {@code Fault.fail("GET", "/graph",
 * 503).lasting(Duration.ofMinutes(2))} or {@code Fault.delayAfter("PATCH", "/graph/v1.0/users/",
 * Duration.ofSeconds(30)).times(1)}, then arm it with {@link Faults#add}.
 *
 * @param method HTTP method it matches, or null for any
 * @param path a path prefix ({@code /graph/v1.0/users/}), or a regular expression when it starts
 *     with {@code ^} (paths always start with {@code /}, so the two cannot be confused)
 * @param kind what it does to a matching request
 * @param delay how long {@link Kind#DELAY_BEFORE}, {@link Kind#DELAY_AFTER} and {@link
 *     Kind#DROP_ANSWER} wait; zero for {@link Kind#ANSWER}
 * @param answer the canned response of {@link Kind#ANSWER}, null otherwise
 * @param times how many matching requests it applies to, or null for no limit
 * @param lasting for how long after it is armed it applies, or null for until cleared
 */
public record Fault(
    String method,
    String path,
    Kind kind,
    Duration delay,
    HttpResponse answer,
    Integer times,
    Duration lasting) {

  /** What a fault does to a request it matches. */
  public enum Kind {
    /** Waits, then lets the emulator handle the request: nothing has changed while it waits. */
    DELAY_BEFORE,
    /** The emulator handles the request at once (the write lands), the answer comes late. */
    DELAY_AFTER,
    /**
     * The emulator handles the request at once, then, after the delay, the connection is closed
     * without an answer: the client sees an I/O error although the write landed.
     */
    DROP_ANSWER,
    /** Answers with a canned response; the emulator never sees the request. */
    ANSWER
  }

  public Fault {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    method = method == null || method.isBlank() ? null : method.toUpperCase(Locale.ROOT);
    delay = delay == null ? Duration.ZERO : delay;
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a fault's delay cannot be negative: " + delay);
    }
    if ((kind == Kind.ANSWER) != (answer != null)) {
      throw new IllegalArgumentException("a canned answer goes with kind ANSWER, and only with it");
    }
    if (times != null && times < 1) {
      throw new IllegalArgumentException(
          "times must be at least 1, or null for no limit: " + times);
    }
    if (lasting != null && (lasting.isNegative() || lasting.isZero())) {
      throw new IllegalArgumentException("lasting must be positive, or null for until cleared");
    }
    if (path.startsWith("^")) {
      Pattern.compile(path); // a bad pattern fails when armed, not on the first request
    }
  }

  /** Holds matching requests for {@code delay} before the emulator sees them. */
  public static Fault delayBefore(String method, String path, Duration delay) {
    return new Fault(method, path, Kind.DELAY_BEFORE, delay, null, null, null);
  }

  /** Lets the emulator apply matching requests at once and answers {@code delay} later. */
  public static Fault delayAfter(String method, String path, Duration delay) {
    return new Fault(method, path, Kind.DELAY_AFTER, delay, null, null, null);
  }

  /** Lets the emulator apply matching requests, then closes the connection without an answer. */
  public static Fault dropAnswer(String method, String path) {
    return dropAnswerAfter(method, path, Duration.ZERO);
  }

  /** As {@link #dropAnswer}, but holds the connection open for {@code delay} before closing it. */
  public static Fault dropAnswerAfter(String method, String path, Duration delay) {
    return new Fault(method, path, Kind.DROP_ANSWER, delay, null, null, null);
  }

  /** Answers 429 with {@code Retry-After: retryAfterSeconds}. */
  public static Fault throttle(String method, String path, int retryAfterSeconds) {
    return answer(method, path, cannedError(429, retryAfterSeconds));
  }

  /**
   * Answers {@code status} (e.g. 503) with an error body Graph's and Slack's clients both parse.
   */
  public static Fault fail(String method, String path, int status) {
    return answer(method, path, cannedError(status, null));
  }

  /** Answers with {@code response}. */
  public static Fault answer(String method, String path, HttpResponse response) {
    return new Fault(method, path, Kind.ANSWER, Duration.ZERO, response, null, null);
  }

  /** This fault for the next {@code n} matching requests only. */
  public Fault times(int n) {
    return new Fault(method, path, kind, delay, answer, n, lasting);
  }

  /**
   * This fault for {@code window} from when it is armed (e.g. "Graph answers 503 for two minutes").
   */
  public Fault lasting(Duration window) {
    return new Fault(method, path, kind, delay, answer, times, window);
  }

  /** Whether this fault is meant for the request (its budget aside). */
  boolean matches(HttpRequest request) {
    if (method != null && !method.equals(request.method())) {
      return false;
    }
    return path.startsWith("^")
        ? Pattern.compile(path).matcher(request.path()).lookingAt()
        : request.path().startsWith(path);
  }

  /**
   * The error body a canned fault answers with, the one the sandbox's throttle has always used: it
   * carries Graph's {@code error.code} and Slack's {@code ok: false}.
   */
  static HttpResponse cannedError(int status, Integer retryAfterSeconds) {
    String code =
        switch (status) {
          case 429 -> "TooManyRequests";
          case 503 -> "ServiceUnavailable";
          case 504 -> "GatewayTimeout";
          case 500 -> "InternalServerError";
          case 502 -> "BadGateway";
          default -> "SandboxFault" + status;
        };
    String message =
        status == 429 ? "Too many requests (sandbox fault)" : code + " (sandbox fault)";
    HttpResponse r =
        HttpResponse.json(
            status, Map.of("error", Map.of("code", code, "message", message), "ok", false));
    return retryAfterSeconds == null
        ? r
        : r.withHeader("Retry-After", Integer.toString(retryAfterSeconds));
  }
}
