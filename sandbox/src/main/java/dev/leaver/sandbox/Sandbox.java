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
  private GraphEmulator graph;
  private SlackEmulator slack; // set once by start(), before the server serves
  private BambooHrEmulator bamboohr;
  private GustoEmulator gusto;
  private WorkdayEmulator workday;

  private Sandbox(SandboxServer server, JsonNode tenant) {
    this.server = server;
    this.tenant = tenant;
  }

  /** Starts the sandbox on {@code port} (0 = any free port) with the tenant read from YAML. */
  public static Sandbox start(int port, JsonNode tenant) throws IOException {
    SandboxServer server = new SandboxServer(port);
    Sandbox sandbox = new Sandbox(server, tenant);
    // One line per emulated API.
    server.mount(sandbox.graph = new GraphEmulator(section(tenant, "graph")));
    server.mount(sandbox.slack = new SlackEmulator(section(tenant, "slack")));
    server.mount(sandbox.bamboohr = new BambooHrEmulator(section(tenant, "bamboohr")));
    server.mount(sandbox.gusto = new GustoEmulator(section(tenant, "gusto")));
    server.mount(sandbox.workday = new WorkdayEmulator(section(tenant, "workday")));
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

  /** The Microsoft Graph v1.0 emulator at {@code /graph/v1.0}. */
  public GraphEmulator graph() {
    return graph;
  }

  /** The Slack Web API and SCIM emulator at {@code /slack}. */
  public SlackEmulator slack() {
    return slack;
  }

  /** The BambooHR API emulator at {@code /bamboohr/api/gateway.php/{companyDomain}/v1}. */
  public BambooHrEmulator bamboohr() {
    return bamboohr;
  }

  /** The Gusto API emulator at {@code /gusto/v1}. */
  public GustoEmulator gusto() {
    return gusto;
  }

  /** The Workday RaaS report emulator at {@code /workday/ccx/service/customreport2}. */
  public WorkdayEmulator workday() {
    return workday;
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
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
    JsonNode tenant = args.length > 1 ? readTenant(Path.of(args[1])) : readTenant(DEMO_TENANT);
    Sandbox sandbox = start(port, tenant);
    System.out.println("Leaver sandbox on " + sandbox.baseUrl() + " (Ctrl-C to stop)");
    Thread.currentThread().join();
  }
}
