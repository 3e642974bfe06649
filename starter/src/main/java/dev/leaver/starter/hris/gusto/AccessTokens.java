package dev.leaver.starter.hris.gusto;

import dev.leaver.starter.hris.HrisUnavailable;

/** Where {@link GustoClient} gets its Bearer token: a fixed one, or {@link GustoOAuth}. */
public interface AccessTokens {

  /** The token to send now (refreshed first when it is about to expire). */
  String current() throws HrisUnavailable;

  /**
   * Gusto answered 401 to {@code rejected}: a token to try once more, or null when there is none (a
   * fixed token). A token refreshed meanwhile by another request is returned without a refresh.
   */
  String afterRejection(String rejected) throws HrisUnavailable;
}
