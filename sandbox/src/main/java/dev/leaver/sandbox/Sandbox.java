package dev.leaver.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.leaver.sandbox.graph.GraphEmulator;
import dev.leaver.sandbox.hris.BambooHrEmulator;
import dev.leaver.sandbox.hris.GustoEmulator;
import dev.leaver.sandbox.hris.WorkdayEmulator;
import dev.leaver.sandbox.slack.SlackEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The whole sandbox: every emulator, seeded from one tenant file, on one loopback port.
 *
 * <p>Run it alone with {@code leaver sandbox [--port P] [--tenant tenant.yaml]} (or {@code java -cp
 * ... dev.leaver.sandbox.Sandbox [port] [tenant.yaml]}) and drive it from another process with
 * {@link SandboxAdmin}; the demo and the tests start it in-process and read its state back.
 */
public final class Sandbox implements AutoCloseable {
  /** The sample tenant on the classpath. */
  public static final String DEMO_TENANT = "/tenants/demo.yaml";

  private final SandboxServer server;
  private final JsonNode tenant;
  private final Map<Class<?>, Emulator> emulators = new LinkedHashMap<>(); // filled before serving

  private Sandbox(SandboxServer server, JsonNode tenant) {
    this.server = server;
    this.tenant = tenant;
  }

  /** Starts the sandbox on {@code port} (0 = any free port) with the tenant read from YAML. */
  public static Sandbox start(int port, JsonNode tenant) throws IOException {
    SandboxServer server = new SandboxServer(port);
    Sandbox sandbox = new Sandbox(server, tenant);
    for (EmulatorProvider provider : ServiceLoader.load(EmulatorProvider.class)) {
      Emulator emulator = provider.create(section(tenant, provider.section()));
      sandbox.emulators.put(emulator.getClass(), emulator);
      server.mount(emulator);
    }
    sandbox.emulators.values().forEach(e -> e.attach(sandbox));
    server.admin(new AdminApi(sandbox));
    server.start();
    return sandbox;
  }

  public static Sandbox startDemo(int port) throws IOException {
    return start(port, readTenant(DEMO_TENANT));
  }

  public static JsonNode readTenant(String classpathResource) throws IOException {
    try (InputStream in = Sandbox.class.getResourceAsStream(classpathResource)) {
      if (in == null) {
        throw new IOException("no tenant file on the classpath: " + classpathResource);
      }
      return Json.YAML.readTree(in);
    }
  }

  public static JsonNode readTenant(Path file) throws IOException {
    return Json.YAML.readTree(Files.readString(file));
  }

  /** The tenant file's section for one API, or a missing node. */
  static JsonNode section(JsonNode tenant, String name) {
    JsonNode n = tenant.get(name);
    return n == null ? MissingNode.getInstance() : n;
  }

  /** The mounted emulator of this type, for a test to seed or read back its state. */
  public <T extends Emulator> T emulator(Class<T> type) {
    Emulator e = emulators.get(type);
    if (e == null) {
      throw new IllegalStateException(
          "no "
              + type.getSimpleName()
              + " mounted: is its provider listed"
              + " in META-INF/services/"
              + EmulatorProvider.class.getName()
              + "?");
    }
    return type.cast(e);
  }

  /** The Microsoft Graph v1.0 emulator at {@code /graph/v1.0}. */
  public GraphEmulator graph() {
    return emulator(GraphEmulator.class);
  }

  /** The Slack Web API and SCIM emulator at {@code /slack}. */
  public SlackEmulator slack() {
    return emulator(SlackEmulator.class);
  }

  /** The BambooHR API emulator at {@code /bamboohr/api/gateway.php/{companyDomain}/v1}. */
  public BambooHrEmulator bamboohr() {
    return emulator(BambooHrEmulator.class);
  }

  /** The Gusto API emulator at {@code /gusto/v1}. */
  public GustoEmulator gusto() {
    return emulator(GustoEmulator.class);
  }

  /** The Workday RaaS report emulator at {@code /workday/ccx/service/customreport2}. */
  public WorkdayEmulator workday() {
    return emulator(WorkdayEmulator.class);
  }

  public SandboxServer server() {
    return server;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public JsonNode tenant() {
    return tenant;
  }

  @Override
  public void close() {
    server.close();
    emulators.values().forEach(Emulator::close);
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
    JsonNode tenant = args.length > 1 ? readTenant(Path.of(args[1])) : readTenant(DEMO_TENANT);
    Sandbox sandbox = start(port, tenant);
    System.out.println("Leaver sandbox on " + sandbox.baseUrl() + " (Ctrl-C to stop)");
    Thread.currentThread().join();
  }
}
