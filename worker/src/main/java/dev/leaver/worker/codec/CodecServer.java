package dev.leaver.worker.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's codec server protocol over a {@link PayloadCodec}: {@code POST /decode} and {@code
 * POST /encode} take and return {@code {"payloads":[…]}} in protobuf JSON, so the Web UI (and
 * {@code temporal workflow show --codec-endpoint}) can show what the workers encrypted.
 *
 * <p>Browsers may call it only from the configured origins (CORS; the Web UI sends {@code
 * Content-Type}, {@code X-Namespace} and, when told to pass the user's token, {@code
 * Authorization}). A request naming another origin gets no CORS grant and is refused; requests
 * without an origin (the CLI, curl) are served. With a token configured, every POST must carry
 * {@code Authorization: Bearer <token>}. Payload contents are never logged.
 */
public final class CodecServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CodecServer.class);

  /** A history page of payloads fits; a runaway body does not. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private static final String ALLOWED_HEADERS =
      "Content-Type, X-Namespace, Authorization, Authorization-Extras";

  private final HttpServer server;
  private final PayloadCodec codec;
  private final Set<String> origins;
  private final byte[] token;

  private CodecServer(HttpServer server, PayloadCodec codec, Set<String> origins, String token) {
    this.server = server;
    this.codec = codec;
    this.origins = origins;
    this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Starts serving.
   *
   * @param host the address to listen on (127.0.0.1 unless a proxy in front needs more)
   * @param port 0 for any free one
   * @param origins the Web UI origins allowed to call it, e.g. {@code https://temporal.example.com}
   *     (scheme, host and port, no path)
   * @param token the bearer token every POST must carry, or null for none
   */
  public static CodecServer start(
      PayloadCodec codec, String host, int port, Set<String> origins, String token)
      throws IOException {
    for (String o : origins) {
      URI u = URI.create(o);
      if (u.getScheme() == null
          || u.getHost() == null
          || (u.getPath() != null && !u.getPath().isEmpty())) {
        throw new IllegalArgumentException(
            "--origin " + o + ": give scheme://host[:port], e.g. http://localhost:8233");
      }
    }
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
    CodecServer s = new CodecServer(http, codec, Set.copyOf(origins), token);
    http.createContext("/", s::handle);
    http.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "codec-server");
              t.setDaemon(true);
              return t;
            }));
    http.start();
    return s;
  }

  /** {@code http://host:port}: the endpoint to give the Web UI. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String origin = ex.getRequestHeaders().getFirst("Origin");
      boolean allowed = origin == null || origins.contains(origin);
      if (origin != null && allowed) {
        var h = ex.getResponseHeaders();
        h.set("Access-Control-Allow-Origin", origin);
        h.set("Access-Control-Allow-Credentials", "true");
        h.set("Vary", "Origin");
      }
      String path = ex.getRequestURI().getPath();
      String op = path.endsWith("/decode") ? "decode" : path.endsWith("/encode") ? "encode" : null;
      if (ex.getRequestMethod().equals("OPTIONS")) {
        if (allowed && op != null) {
          ex.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
          ex.getResponseHeaders().set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
          ex.getResponseHeaders().set("Access-Control-Max-Age", "600");
          ex.sendResponseHeaders(204, -1);
        } else {
          ex.sendResponseHeaders(403, -1);
        }
        return;
      }
      if (!allowed) {
        LOG.warn("refused a {} request from origin {} (allowed: {})", op, origin, origins);
        send(ex, 403, "origin not allowed");
        return;
      }
      if (op == null) {
        send(ex, 404, "POST /decode or /encode");
        return;
      }
      if (!ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().set("Allow", "POST, OPTIONS");
        send(ex, 405, "POST only");
        return;
      }
      if (token != null && !authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, "bearer token required");
        return;
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (body.length > MAX_BODY_BYTES) {
        send(ex, 413, "more than " + MAX_BODY_BYTES + " bytes");
        return;
      }
      Payloads.Builder in = Payloads.newBuilder();
      try {
        JsonFormat.parser()
            .ignoringUnknownFields()
            .merge(new String(body, StandardCharsets.UTF_8), in);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        send(ex, 400, "expected {\"payloads\":[…]} in protobuf JSON");
        return;
      }
      List<io.temporal.api.common.v1.Payload> out;
      try {
        out =
            op.equals("decode")
                ? codec.decode(in.getPayloadsList())
                : codec.encode(in.getPayloadsList());
      } catch (PayloadCodecException e) {
        LOG.warn(
            "{} failed for namespace {}: {}",
            op,
            ex.getRequestHeaders().getFirst("X-Namespace"),
            e.getMessage());
        send(ex, 400, e.getMessage());
        return;
      }
      byte[] json =
          JsonFormat.printer()
              .print(Payloads.newBuilder().addAllPayloads(out))
              .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, json.length);
      ex.getResponseBody().write(json);
    } catch (IOException | RuntimeException e) {
      LOG.warn("codec server request failed: {}", e.toString());
    }
  }

  private boolean authorized(String header) {
    return header != null
        && MessageDigest.isEqual(token, header.strip().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String message) throws IOException {
    String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
    byte[] json = ("{\"message\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, json.length);
    ex.getResponseBody().write(json);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
