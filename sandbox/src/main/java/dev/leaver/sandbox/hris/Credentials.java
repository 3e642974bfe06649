package dev.leaver.sandbox.hris;

import dev.leaver.sandbox.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collection;

/** Reads HTTP Basic and Bearer credentials and compares them without leaking timing. */
final class Credentials {

  /** A decoded {@code Authorization: Basic} header. */
  record Basic(String user, String password) {}

  private Credentials() {}

  /** The Basic credentials of the request, or null when absent or malformed. */
  static Basic basic(HttpRequest request) {
    String auth = request.header("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      byte[] raw = Base64.getDecoder().decode(auth.substring(6).trim());
      decoded = new String(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? new Basic(decoded, "")
        : new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** The bearer token of the request, or null. */
  static String bearer(HttpRequest request) {
    String auth = request.header("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = auth.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  static boolean matches(String given, String expected) {
    return given != null
        && expected != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  static boolean matchesAny(String given, Collection<String> expected) {
    boolean found = false;
    for (String e : expected) {
      found |= matches(given, e); // no early exit: every candidate costs the same
    }
    return found;
  }
}
