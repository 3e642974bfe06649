package dev.leaver.activities.scim;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leaver's accounts across the configured apps, as one account id for the SPI: {@code
 * acme-crm=2819c223-…;docs-wiki=e9e30dba-…}. An app where two users matched carries their ids,
 * {@code ticket-desk=?id1|id2}: its steps touch neither and park for an operator. Apps where the
 * leaver has no account are left out. Ids are percent-encoded, so any SCIM id fits.
 */
record Accounts(Map<String, List<String>> byApp) {
  Accounts {
    byApp = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byApp));
  }

  /** The one user id in {@code app}, or null when there is none or more than one. */
  String id(String app) {
    List<String> ids = byApp.get(app);
    return ids != null && ids.size() == 1 ? ids.get(0) : null;
  }

  /** The candidates in {@code app} when more than one user matched; empty otherwise. */
  List<String> ambiguous(String app) {
    List<String> ids = byApp.get(app);
    return ids != null && ids.size() > 1 ? ids : List.of();
  }

  String format() {
    List<String> parts = new ArrayList<>();
    byApp.forEach(
        (app, ids) ->
            parts.add(
                app
                    + "="
                    + (ids.size() > 1 ? "?" : "")
                    + String.join("|", ids.stream().map(Accounts::enc).toList())));
    return String.join(";", parts);
  }

  static Accounts parse(String accountId) {
    Map<String, List<String>> byApp = new LinkedHashMap<>();
    if (accountId == null || accountId.isBlank()) {
      return new Accounts(byApp);
    }
    for (String part : accountId.split(";")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not a SCIM account id: " + accountId);
      }
      String ids = part.substring(eq + 1);
      if (ids.startsWith("?")) {
        ids = ids.substring(1);
      }
      byApp.put(
          part.substring(0, eq), List.of(ids.split("\\|")).stream().map(Accounts::dec).toList());
    }
    return new Accounts(byApp);
  }

  private static String enc(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private static String dec(String id) {
    return URLDecoder.decode(id, StandardCharsets.UTF_8);
  }
}
