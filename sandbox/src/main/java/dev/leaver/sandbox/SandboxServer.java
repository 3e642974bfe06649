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
 * Faults} around them, and keeps a log of requests that tests can read. An optional admin API
 * (under {@code /_sandbox}) is served beside them, never faulted nor logged.
 */
public final class SandboxServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxServer.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Emulator> emulators = new ArrayList<>();
  private final Faults faults = new Faults();
  private final List<Logged> requestLog = Collections.synchronizedList(new ArrayList<>());
  private volatile Emulator admin;

  /**
   * A request the server dealt with.
   *
   * @param method upper-case HTTP method
   * @param path the request's path
   * @param atMillis when the emulator handled it or a canned fault answered it (epoch millis);
   *     logged at once, so an answer a fault holds back may still be on its way
   * @param status the emulator's or the canned fault's status; for a dropped answer, the status the
   *     client never saw
   * @param applied whether the request reached the emulator (a write in it has landed, if the
   *     status says it succeeded); false when a canned fault answered instead
   * @param fault the {@link Fault.Kind} applied to it, or null
   * @param changed whether it changed the tenant's state: a write that succeeded, unless its
   *     emulator said it found the state already so ({@link TenantChanges}); false for a request a
   *     canned fault answered
   * @param bodyDigest SHA-256 of the request body (hex; empty body: of nothing), so that a write
   *     sent twice can be told from two writes to one path without logging what was sent
   */
  public record Logged(
      String method,
      String path,
      long atMillis,
      int status,
      boolean applied,
      Fault.Kind fault,
      boolean changed,
      String bodyDigest) {

    /** Reached the emulator and succeeded: a write in it has landed. */
    public boolean landed() {
      return applied && status >= 200 && status < 300;
    }
  }

  public SandboxServer(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    // Unbounded: a fault's delay holds its thread, and a fixed pool full of held requests would
    // also hold the admin API a test needs to see them.
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "sandbox-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
  }

  public SandboxServer mount(Emulator emulator) {
    emulators.add(emulator);
    return this;
  }

  /** Serves {@code api} under its prefix ahead of the emulators, without faults or logging. */
  public SandboxServer admin(Emulator api) {
    this.admin = api;
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
      Emulator adminApi = admin;
      if (adminApi != null && request.path().startsWith(adminApi.prefix())) {
        write(ex, adminApi.handle(request));
        return;
      }
      Fault fault = faults.match(request);
      Fault.Kind kind = fault == null ? null : fault.kind();
      if (kind == Fault.Kind.ANSWER) {
        logged(request, fault.answer(), false, kind, false);
        write(ex, fault.answer());
        return;
      }
      if (kind == Fault.Kind.DELAY_BEFORE && !pause(fault)) {
        return;
      }
      TenantChanges.begin();
      Emulator emulator = emulatorFor(request);
      HttpResponse response =
          emulator == null
              ? HttpResponse.text(404, "no emulator for " + request.path())
              : emulator.handle(request);
      boolean changed = TenantChanges.end(request, response);
      // Logged before any later wait, so a test sees the write land while the answer is held.
      logged(request, response, true, kind, changed);
      if ((kind == Fault.Kind.DELAY_AFTER || kind == Fault.Kind.DROP_ANSWER) && !pause(fault)) {
        return;
      }
      if (kind == Fault.Kind.DROP_ANSWER) {
        // Closing an exchange that has sent no headers closes the connection: no status line.
        // The fault's path, not the request's: paths name people.
        log.info("sandbox dropped the answer to a {} matching {}", request.method(), fault.path());
        return;
      }
      write(ex, response);
    } catch (RuntimeException e) {
      log.warn("sandbox failed on {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
      write(ex, HttpResponse.text(500, "sandbox error: " + e.getMessage()));
    } catch (IOException e) {
      // Usually a client that gave up (or was killed) while a fault held its answer.
      log.info("sandbox could not answer a {}: {}", ex.getRequestMethod(), e.toString());
    }
  }

  private void logged(
      HttpRequest request,
      HttpResponse response,
      boolean applied,
      Fault.Kind kind,
      boolean changed) {
    requestLog.add(
        new Logged(
            request.method(),
            request.path(),
            System.currentTimeMillis(),
            response.status(),
            applied,
            kind,
            changed,
            digest(request.body())));
  }

  private static String digest(byte[] body) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(body == null ? new byte[0] : body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }

  /** Waits out a fault's delay; false when the server is closing, and the request is abandoned. */
  private static boolean pause(Fault fault) {
    try {
      Thread.sleep(fault.delay().toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Emulator emulatorFor(HttpRequest request) {
    for (Emulator e : emulators) {
      if (request.path().startsWith(e.prefix())) {
        return e;
      }
    }
    return null;
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
