package dev.leaver.activities.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leaver.activities.target.TargetException;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a person to a GitHub login: the organisation's SAML external identity whose NameID is the
 * leaver's UPN when the organisation has SAML SSO; else (or when SAML knows no identity for them)
 * the mapping file, by employee id first, then e-mail. Two logins for one person is ambiguous and
 * none is touched; a mapped login GitHub does not know is "not found", never guessed.
 */
final class Identities {
  static final String SAML_QUERY =
      """
      query($login: String!, $userName: String!) {
        organization(login: $login) {
          samlIdentityProvider {
            externalIdentities(first: 5, userName: $userName) {
              nodes { guid samlIdentity { nameId username } user { login } }
            }
          }
        }
      }""";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final GithubApi api;

  Identities(GithubApi api) {
    this.api = api;
  }

  Resolution resolve(Leaver leaver) {
    String sys = GithubTarget.ID;
    List<String> tried = new ArrayList<>();
    String samlNote;
    JsonNode answer =
        api.graphql(
            SAML_QUERY,
            Map.of("login", api.org(), "userName", leaver.upn()),
            GithubTarget.ADMIN_ORG);
    JsonNode errors = answer.path("errors");
    JsonNode org = answer.path("data").path("organization");
    if (errors.isArray() && !errors.isEmpty() && (org.isMissingNode() || org.isNull())) {
      String type = errors.get(0).path("type").asText("");
      String message = "github GraphQL: " + errors.get(0).path("message").asText(type);
      if (type.equals("FORBIDDEN")) {
        throw new TargetException.PermissionDenied(message + " (needs admin:org)", null);
      }
      throw new TargetException.Rejected(message, null);
    }
    JsonNode idp = org.path("samlIdentityProvider");
    if (idp.isMissingNode() || idp.isNull()) {
      samlNote = api.org() + " has no SAML SSO";
    } else {
      tried.add("SAML NameID");
      Set<String> logins = new LinkedHashSet<>();
      idp.path("externalIdentities")
          .path("nodes")
          .forEach(
              n -> {
                String login = n.path("user").path("login").asText(null);
                if (login != null) {
                  logins.add(login);
                }
              });
      if (logins.size() > 1) {
        return Resolution.ambiguous(
            sys,
            "SAML NameID",
            List.copyOf(logins),
            "SAML identities with the leaver's UPN as NameID are linked to "
                + logins.size()
                + " GitHub logins; none is touched");
      }
      if (logins.size() == 1) {
        return confirmed(
            logins.iterator().next(),
            "SAML NameID",
            "SAML external identity with NameID = the leaver's UPN in " + api.org());
      }
      samlNote = "no SAML identity with the leaver's UPN as NameID in " + api.org();
    }
    String file = api.config().mappingFile();
    if (file == null) {
      return Resolution.notFound(
          sys,
          tried.isEmpty() ? "SAML NameID" : String.join(", then ", tried),
          samlNote + "; no mapping file configured");
    }
    List<Row> rows = read(Path.of(file));
    for (String key : List.of("employeeId", "email")) {
      tried.add("mapping file " + key);
      Set<String> logins = new LinkedHashSet<>();
      for (Row r : rows) {
        boolean match =
            key.equals("employeeId")
                ? r.employeeId() != null && r.employeeId().equals(leaver.employeeId())
                : r.email() != null && r.email().equalsIgnoreCase(leaver.upn());
        if (match && r.login() != null) {
          logins.add(r.login());
        }
      }
      if (logins.size() > 1) {
        return Resolution.ambiguous(
            sys,
            String.join(", then ", tried),
            List.copyOf(logins),
            "the mapping file gives "
                + logins.size()
                + " GitHub logins for the leaver's "
                + key
                + "; none is touched");
      }
      if (logins.size() == 1) {
        return confirmed(
            logins.iterator().next(),
            String.join(", then ", tried),
            samlNote + "; mapping file row matched on " + key);
      }
    }
    return Resolution.notFound(
        sys,
        String.join(", then ", tried),
        samlNote + "; the mapping file has no row for the leaver");
  }

  /** GitHub's login rule: letters, digits and single hyphens inside, at most 39 characters. */
  private static final java.util.regex.Pattern LOGIN =
      java.util.regex.Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");

  /** The login exists on GitHub: a typo in a mapping must not look like a person found. */
  private Resolution confirmed(String login, String matchedOn, String detail) {
    if (!LOGIN.matcher(login).matches()) {
      return Resolution.notFound(
          GithubTarget.ID, matchedOn, detail + ", but '" + login + "' is not a GitHub login");
    }
    if (api.user(login).isEmpty()) {
      return Resolution.notFound(
          GithubTarget.ID, matchedOn, detail + ", but GitHub has no account " + login);
    }
    return Resolution.found(GithubTarget.ID, login, matchedOn, detail + ": " + login);
  }

  /** One line of the mapping file. */
  record Row(String employeeId, String email, String login) {}

  /** Reads the CSV (header {@code employeeId,email,login}, any order) or YAML mapping file. */
  static List<Row> read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        JsonNode root = YAML.readTree(file.toFile());
        JsonNode list = root != null && root.isObject() ? root.path("people") : root;
        List<Row> rows = new ArrayList<>();
        if (list != null) {
          list.forEach(
              n -> rows.add(new Row(text(n, "employeeId"), text(n, "email"), text(n, "login"))));
        }
        return rows;
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return List.of();
      }
      List<String> header = split(lines.get(0));
      int id = header.indexOf("employeeId");
      int email = header.indexOf("email");
      int login = header.indexOf("login");
      if (login < 0 || (id < 0 && email < 0)) {
        throw new TargetException.Rejected(
            "github mapping file "
                + file
                + ": the header must name login and employeeId and/or email",
            null);
      }
      List<Row> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        List<String> cells = split(line);
        rows.add(new Row(cell(cells, id), cell(cells, email), cell(cells, login)));
      }
      return rows;
    } catch (IOException e) {
      throw new TargetException.Rejected(
          "github mapping file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }

  private static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    for (String c : line.split(",", -1)) {
      out.add(c.trim().replaceAll("^\"|\"$", ""));
    }
    return out;
  }

  private static String cell(List<String> cells, int i) {
    return i < 0 || i >= cells.size() || cells.get(i).isEmpty() ? null : cells.get(i);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
  }
}
