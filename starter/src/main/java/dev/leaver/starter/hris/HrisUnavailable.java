package dev.leaver.starter.hris;

/**
 * The HRIS API could not be reached or refused for now: the webhook answers 503 so it is retried.
 */
public final class HrisUnavailable extends Exception {
  public HrisUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
