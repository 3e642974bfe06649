package dev.leaver.sandbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults injected on demand: the next {@code times} requests matching a method and path prefix
 * get a canned response (429 with Retry-After, 503, 403 ...) instead of reaching the emulator.
 */
public final class Faults {
  private final List<Fault> faults = new CopyOnWriteArrayList<>();

  /** Answers the next {@code times} matching requests with 429 and {@code Retry-After: seconds}. */
  public void throttle(String method, String pathPrefix, int times, int retryAfterSeconds) {
    inject(
        method,
        pathPrefix,
        times,
        HttpResponse.json(
                429,
                java.util.Map.of(
                    "error",
                    java.util.Map.of(
                        "code", "TooManyRequests", "message", "Too many requests (sandbox fault)"),
                    "ok",
                    false))
            .withHeader("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  /** Answers the next {@code times} matching requests with {@code response}. */
  public void inject(String method, String pathPrefix, int times, HttpResponse response) {
    faults.add(new Fault(method, pathPrefix, new AtomicInteger(times), response));
  }

  public void clear() {
    faults.clear();
  }

  HttpResponse match(HttpRequest request) {
    for (Fault f : faults) {
      if ((f.method == null || f.method.equalsIgnoreCase(request.method()))
          && request.path().startsWith(f.pathPrefix)
          && f.remaining.getAndDecrement() > 0) {
        return f.response;
      }
    }
    return null;
  }

  private record Fault(String method, String pathPrefix, AtomicInteger remaining, HttpResponse response) {}
}
