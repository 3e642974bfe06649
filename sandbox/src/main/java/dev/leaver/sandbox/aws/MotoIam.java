package dev.leaver.sandbox.aws;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * IAM's Query API on moto, over plain HTTP, for seeding: no AWS SDK in the sandbox. moto routes a
 * request by the credential scope of its {@code Authorization} header ({@code
 * .../iam/aws4_request}) and picks the account from {@code x-moto-account-id}; it checks no
 * signature.
 */
final class MotoIam {
  static final String ACCOUNT_HEADER = "x-moto-account-id";
  private static final String AUTHORIZATION =
      "AWS4-HMAC-SHA256 Credential=sandbox/20260101/us-east-1/iam/"
          + "aws4_request, SignedHeaders=host, Signature=0";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI moto;
  private final String accountId;

  MotoIam(URI moto, String accountId) {
    this.moto = moto;
    this.accountId = accountId;
  }

  /** Calls {@code action}; returns the XML body of a 200, throws with moto's answer otherwise. */
  String call(String action, String... params) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Action", action);
    form.put("Version", "2010-05-08");
    for (int i = 0; i + 1 < params.length; i += 2) {
      form.put(params[i], params[i + 1]);
    }
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(moto.resolve("/"))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", AUTHORIZATION)
            .header(ACCOUNT_HEADER, accountId)
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "moto " + action + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException("moto did not answer " + action + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while seeding moto", e);
    }
  }

  /** Resets every account of the moto process: {@code POST /moto-api/reset}. */
  void resetAll() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(moto.resolve("/moto-api/reset"))
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("moto reset answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto did not answer its reset: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resetting moto", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
