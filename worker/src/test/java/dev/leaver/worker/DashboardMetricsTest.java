package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leaver.activities.evidence.EvidenceActivitiesImpl;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.planning.OperatorChannel;
import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.target.Connectors;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.OffboardingPolicy;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alert rules under {@code deploy/helm/leaver/files} query
 * only metrics a worker really exports: the names are taken from a real scrape of a worker's
 * registry after an offboarding that retried a throttled call, parked a clean-up step and completed
 * its kill switch, and after one request the server refused (a counter appears only once it has
 * counted something).
 */
class DashboardMetricsTest {
  static final Path FILES = Path.of("..", "deploy", "helm", "leaver", "files");

  @TempDir static Path evidenceDir;
  static Sandbox sandbox;
  static TestWorkflowEnvironment env;
  static Metrics metrics;
  static ParkedRuns parkedRuns;
  static Connectors connectors;
  static Set<String> exported;

  @BeforeAll
  static void offboardOneLeaverAndScrape() throws Exception {
    sandbox = Sandbox.startDemo(0);
    metrics = new Metrics();
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setMetricsScope(metrics.scope())
                .build());
    SearchAttributes.CLI_TYPES.forEach(
        (n, t) -> env.registerSearchAttribute(n, TemporalConnection.indexed(t)));
    // As the worker registers it; the test server has no visibility counts, so it has no sample.
    parkedRuns =
        new ParkedRuns(
            env.getWorkflowClient(), metrics.registry(), Duration.ofHours(1), () -> false);
    connectors = TargetWiring.sandbox(sandbox.baseUrl());
    LeaverWorker.register(
        env.getWorkerFactory(),
        connectors,
        new PlanningActivitiesImpl(
            connectors, new OffboardingPolicy(30, Map.of()), "test", OperatorChannel.log()),
        new EvidenceActivitiesImpl(EvidenceStores.directory(evidenceDir)),
        Map.of(),
        Clock.systemUTC());
    env.start();

    // One throttled kill-switch call (an activity failure, retried) and clean-up's group removals
    // refused for good (a 403 parks the step).
    sandbox.slack().throttle("admin.users.session.reset", 1, 1);
    sandbox
        .server()
        .faults()
        .inject(
            "DELETE",
            "/graph/v1.0/groups/",
            1_000,
            HttpResponse.json(
                403,
                Map.of(
                    "error",
                    Map.of(
                        "code",
                        "Authorization_RequestDenied",
                        "message",
                        "Insufficient privileges"))));
    Instant now = Instant.now();
    new OffboardingStarter(env.getWorkflowClient())
        .start(
            new OffboardingRequest(
                "E1001",
                "ada.lovelace@contoso.example",
                "grace.hopper@contoso.example",
                now,
                "UTC",
                "t-dash",
                now,
                "test",
                false,
                false));
    OffboardingWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));
    // One request the server refuses (a run that does not exist), for the dashboard's panel of
    // failing requests: without it that counter has nothing to count in a healthy run.
    assertThatThrownBy(
            () ->
                env.getWorkflowClient()
                    .newUntypedWorkflowStub(WorkflowIds.forEmployee("E-NO-SUCH"))
                    .describe())
        .isInstanceOf(WorkflowNotFoundException.class);
    Eventually.within(
        Duration.ofSeconds(60),
        () -> {
          OffboardingStatus s = wf.status();
          // the kill switch done (its latency recorded) and a clean-up step parked
          return s.killSwitchCompletedAt() != null
                  && s.steps().stream().anyMatch(st -> st.state() == StepState.NEEDS_ATTENTION)
              ? s
              : null;
        });
    // The tally scope reports every second: wait for the workflow's own meters to reach the
    // registry.
    String scrape =
        Eventually.within(
            Duration.ofSeconds(30),
            () -> {
              String s = metrics.scrape();
              return s.contains("leaver_hr_event_to_kill_switch_seconds_bucket{")
                      && s.contains("leaver_needs_attention_total{")
                      && s.contains("temporal_request_failure_total{")
                  ? s
                  : null;
            });
    exported = exportedNames(scrape);
    WorkflowStub.fromTyped(wf).terminate("test over");
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
    if (parkedRuns != null) {
      parkedRuns.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    if (connectors != null) {
      connectors.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void everyDashboardQueryNamesAMetricTheWorkerExports() throws Exception {
    List<String> queries = dashboardQueries();
    assertThat(queries).hasSizeGreaterThan(5);
    assertThat(unexported(queries))
        .as("metrics the dashboard queries that the worker does not export")
        .isEmpty();
  }

  @Test
  void everyAlertRuleNamesAMetricTheWorkerExports() throws Exception {
    List<String> queries = ruleQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(5);
    assertThat(unexported(queries))
        .as("metrics the alert rules query that the worker does not export")
        .isEmpty();
  }

  @Test
  void aQueryNamingAMetricThatDoesNotExistIsCaught() {
    assertThat(
            unexported(
                List.of(
                    "histogram_quantile(0.99, sum by (le) (rate(leaver_hr_event_to_kill_switch_seconds_bucket[5m])))",
                    "sum by (task_queue) (rate(temporal_activity_execution_faild_total{task_queue=~\"leaver-.*\"}[5m]))")))
        .containsExactly("temporal_activity_execution_faild_total");
  }

  static Set<String> unexported(List<String> queries) {
    Set<String> missing = new TreeSet<>();
    for (String q : queries) {
      for (String name : metricNames(q)) {
        if (!exported.contains(name)) {
          missing.add(name);
        }
      }
    }
    return missing;
  }

  /** Every sample's name in a Prometheus text exposition. */
  static Set<String> exportedNames(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static final Pattern STRINGS =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern GROUPINGS =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "Inf",
          "NaN",
          "e");

  /** The metric names a PromQL expression selects (not functions, labels, strings or durations). */
  static Set<String> metricNames(String promql) {
    String q = STRINGS.matcher(promql).replaceAll("\"\"");
    q = q.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^\\]]*\\]", " ");
    q = GROUPINGS.matcher(q).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(q);
    while (m.find()) {
      String id = m.group(1);
      if (!KEYWORDS.contains(id) && !id.matches("\\d.*")) {
        names.add(id);
      }
    }
    return names;
  }

  static List<String> dashboardQueries() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(FILES.resolve("leaver-dashboard.json").toFile());
    List<String> exprs = new ArrayList<>();
    collect(dashboard, "expr", exprs);
    for (JsonNode v : dashboard.path("templating").path("list")) {
      String query =
          v.path("query").isObject()
              ? v.path("query").path("query").asText()
              : v.path("query").asText();
      // label_values(metric, label): the metric is what must exist
      Matcher m = Pattern.compile("label_values\\(\\s*([^,)]+)").matcher(query);
      if (m.find()) {
        exprs.add(m.group(1));
      }
    }
    return exprs;
  }

  static List<String> ruleQueries() throws Exception {
    JsonNode rules =
        new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(FILES.resolve("leaver-alerts.yaml")));
    List<String> exprs = new ArrayList<>();
    collect(rules, "expr", exprs);
    return exprs;
  }

  private static void collect(JsonNode node, String field, List<String> into) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getKey().equals(field) && e.getValue().isTextual()) {
                  into.add(e.getValue().asText());
                } else {
                  collect(e.getValue(), field, into);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, field, into));
    }
  }
}
