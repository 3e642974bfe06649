package dev.leaver.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's HTTP server on loopback. Mounts emulators by path prefix, applies injected {@link
 * Faults} first, and keeps a log of requests that tests can read.
 */
public final class SandboxServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxServer.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Emulator> emulators = new ArrayList<>();
  private final Faults faults = new Faults();
  private final List<Logged> requestLog = Collections.synchronizedList(new ArrayList<>());

  /** A request as it arrived, with when. */
  public record Logged(String method, String path, long atMillis, int status) {}

  public SandboxServer(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", this::serve);
  }

  public SandboxServer mount(Emulator emulator) {
    emulators.add(emulator);
    return this;
  }

  public SandboxServer start() {
    server.start();
    log.info("sandbox listening on {}", baseUrl());
    return this;
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public Faults faults() {
    return faults;
  }

  /** Requests served so far, oldest first. */
  public List<Logged> requests() {
    synchronized (requestLog) {
      return List.copyOf(requestLog);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      HttpRequest request = read(ex);
      HttpResponse response = faults.match(request);
      if (response == null) {
        response = route(request);
      }
      requestLog.add(
          new Logged(request.method(), request.path(), System.currentTimeMillis(), response.status()));
      write(ex, response);
    } catch (RuntimeException e) {
      log.warn("sandbox failed on {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
      write(ex, HttpResponse.text(500, "sandbox error: " + e.getMessage()));
    }
  }

  private HttpResponse route(HttpRequest request) {
    for (Emulator e : emulators) {
      if (request.path().startsWith(e.prefix())) {
        return e.handle(request);
      }
    }
    return HttpResponse.text(404, "no emulator for " + request.path());
  }

  private static HttpRequest read(HttpExchange ex) throws IOException {
    URI uri = ex.getRequestURI();
    String path = uri.getPath() == null ? "/" : uri.getPath().replaceAll("/{2,}", "/");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY);
    }
    return new HttpRequest(
        ex.getRequestMethod().toUpperCase(Locale.ROOT),
        path,
        HttpRequest.parseQuery(uri.getRawQuery()),
        headers,
        body);
  }

  private static void write(HttpExchange ex, HttpResponse response) throws IOException {
    response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    byte[] body = response.body();
    boolean noBody = body.length == 0 || response.status() == 204;
    ex.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
