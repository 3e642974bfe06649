package dev.leaver.starter.webhook;

/**
 * A delivery refused with a 4xx: nothing was started. The reason goes back to the sender and into
 * the log, so it names fields and headers, never their values.
 */
final class Refusal extends Exception {
  private final int status;

  private Refusal(int status, String reason) {
    // No stack trace: a refusal is an answer, not a fault.
    super(reason, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  String reason() {
    return getMessage();
  }

  /** 401: unsigned, wrongly signed, stale. */
  static Refusal unauthorized(String reason) {
    return new Refusal(401, reason);
  }

  /** 400: not JSON, or a required field missing or malformed. */
  static Refusal badRequest(String reason) {
    return new Refusal(400, reason);
  }

  /** 422: well-formed, but not enough to act on (e.g. a termination without an e-mail). */
  static Refusal unprocessable(String reason) {
    return new Refusal(422, reason);
  }
}
