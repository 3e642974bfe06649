package dev.leaver.sandbox.azure;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS side of the Azure emulator: Azure's bearer-token policy refuses to send a token over
 * plain http, so ARM clients talk to this listener on its own loopback port. It hands every
 * request, unchanged, to the sandbox's plain-http server under {@code /azure}, so the sandbox's
 * fault injection and request log apply to Azure calls exactly as to every other emulator's.
 *
 * <p>Its key and self-signed certificate (SAN {@code IP:127.0.0.1}, {@code DNS:localhost}) are a
 * test keystore on the classpath, not a secret; the emulator announces the certificate on its
 * metadata endpoint so a sandbox connector can trust exactly it. An answer the sandbox drops (a
 * fault) is dropped here too: the connection closes without a status line.
 *
 * <p>ARM is announced under {@link #ARM_PATH}: ARM clients join their endpoint's trailing slash and
 * {@code /subscriptions/…} into {@code //subscriptions/…}, a request target that the JDK's HTTP
 * server refuses with 400 "Bad request URI" from 17.0.21 on (it reads "subscriptions" as an
 * authority), before any handler runs; {@code /arm//subscriptions/…} has no authority.
 */
final class ArmTlsFront implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArmTlsFront.class);
  static final String KEYSTORE = "/azure/arm-tls.p12";

  /** The path ARM is announced under; taken off before forwarding. */
  static final String ARM_PATH = "/arm";

  private static final char[] PASSWORD = "sandbox-only".toCharArray();

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "keep-alive",
          "te",
          "transfer-encoding");

  private final HttpsServer server;
  private final ExecutorService executor;
  private final HttpClient upstream;
  private final String upstreamBase;
  private final String certificatePem;

  /**
   * @param upstreamBase where requests go, e.g. {@code http://127.0.0.1:8089/azure}
   */
  ArmTlsFront(String upstreamBase) {
    this.upstreamBase = upstreamBase;
    try (InputStream in = ArmTlsFront.class.getResourceAsStream(KEYSTORE)) {
      if (in == null) {
        throw new IllegalStateException("no " + KEYSTORE + " on the classpath");
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD);
      Certificate cert = ks.getCertificate("arm");
      certificatePem =
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(cert.getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), null, null);
      server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the sandbox's Azure TLS keystore cannot be read", e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "sandbox-azure-tls");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::forward);
    upstream =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    server.start();
  }

  /** {@code https://127.0.0.1:PORT}, no trailing slash. */
  String baseUrl() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The listener's certificate, PEM. */
  String certificatePem() {
    return certificatePem;
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      // ARM clients build "//subscriptions/..." from an endpoint with a trailing slash.
      // java.net.URI reads "//subscriptions/x" as an authority ("subscriptions") and a path: put
      // the authority back before collapsing the slashes.
      String raw =
          (uri.getScheme() == null && uri.getRawAuthority() != null
                  ? "/" + uri.getRawAuthority()
                  : "")
              + (uri.getRawPath() == null ? "" : uri.getRawPath());
      String path = (raw.isEmpty() ? "/" : raw).replaceAll("/{2,}", "/");
      if (path.equals(ARM_PATH) || path.startsWith(ARM_PATH + "/")) {
        path = path.length() == ARM_PATH.length() ? "/" : path.substring(ARM_PATH.length());
      }
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(upstreamBase + path + query))
              .timeout(Duration.ofSeconds(60))
              .method(
                  ex.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders()
          .forEach(
              (k, values) -> {
                if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
                  values.forEach(v -> req.header(k, v));
                }
              });
      HttpResponse<byte[]> answer;
      try {
        answer = upstream.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        // The sandbox dropped its answer (a fault): drop ours too.
        log.info(
            "sandbox azure TLS front: no answer upstream for a {} ({})",
            ex.getRequestMethod(),
            e.getClass().getSimpleName());
        return;
      }
      answer
          .headers()
          .map()
          .forEach(
              (k, values) -> {
                if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT))
                    && !k.startsWith(":")
                    && !k.equalsIgnoreCase("date")) {
                  values.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
              });
      byte[] out = answer.body();
      boolean noBody = out.length == 0 || answer.statusCode() == 204;
      ex.sendResponseHeaders(answer.statusCode(), noBody ? -1 : out.length);
      if (!noBody) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
