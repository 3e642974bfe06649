package dev.leaver.sandbox.github;

import static dev.leaver.sandbox.github.GithubEmulator.map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** GitHub's answer shapes: errors, validation failures, and pages with {@code Link} headers. */
final class Answers {
  static final String DOCS = "https://docs.github.com/rest";

  private Answers() {}

  /** One page of a list, with GitHub's {@code Link} header (per_page default 30, at most 100). */
  static HttpResponse page(int maxPageSize, HttpRequest req, String base, List<Object> all) {
    int perPage = intParam(req, "per_page", 30);
    perPage = Math.max(1, Math.min(perPage, maxPageSize));
    int pageNo = Math.max(1, intParam(req, "page", 1));
    int from = Math.min(all.size(), (pageNo - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    HttpResponse r = ok(all.subList(from, to));
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    if (pageNo < last) {
      String url = base + req.path().substring(GithubEmulator.PREFIX.length()) + "?";
      StringBuilder q = new StringBuilder();
      for (Map.Entry<String, String> e : req.query().entrySet()) {
        if (!e.getKey().equals("page") && !e.getKey().equals("per_page")) {
          q.append(enc(e.getKey())).append('=').append(enc(e.getValue())).append('&');
        }
      }
      q.append("per_page=").append(perPage).append("&page=");
      r =
          r.withHeader(
              "Link",
              "<"
                  + url
                  + q
                  + (pageNo + 1)
                  + ">; rel=\"next\", <"
                  + url
                  + q
                  + last
                  + ">; rel=\"last\"");
    }
    return r;
  }

  private static int intParam(HttpRequest req, String name, int dflt) {
    try {
      return Integer.parseInt(req.query().getOrDefault(name, Integer.toString(dflt)));
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static JsonNode body(HttpRequest req) {
    try {
      JsonNode n = req.body().length == 0 ? null : Json.MAPPER.readTree(req.body());
      return n == null ? Json.MAPPER.createObjectNode() : n;
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  static HttpResponse ok(Object body) {
    return HttpResponse.json(200, body);
  }

  static HttpResponse notFound() {
    return error(404, "Not Found");
  }

  static HttpResponse error(int status, String message) {
    return HttpResponse.json(
        status,
        map("message", message, "documentation_url", DOCS, "status", Integer.toString(status)));
  }

  static HttpResponse invalid(String field, String code) {
    return HttpResponse.json(
        422,
        map(
            "message",
            "Validation Failed",
            "errors",
            List.of(map("resource", "Request", "field", field, "code", code)),
            "documentation_url",
            DOCS,
            "status",
            "422"));
  }
}
