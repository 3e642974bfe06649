package dev.leaver.worker;

import dev.leaver.activities.evidence.EvidenceActivitiesImpl;
import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.planning.OperatorChannel;
import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.planning.Policies;
import dev.leaver.activities.target.Connectors;
import dev.leaver.worker.LeaverWorker.RateLimit;
import dev.leaver.workflows.contract.EvidenceActivities;
import dev.leaver.workflows.contract.PlanningActivities;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a worker serves, built in one place for {@code leaver worker}, the demo and the benchmark:
 * the connectors, planning under a policy, the evidence store's appends and each system's queue
 * rate limits. {@link LeaverWorker#register(io.temporal.worker.WorkerFactory, WorkerParts,
 * java.time.Clock, SystemGate)} puts them on a worker factory, whichever Temporal that factory
 * talks to.
 *
 * @param limits per system id; a system not named gets {@link RateLimit#DEFAULT}
 */
public record WorkerParts(
    Connectors connectors,
    PlanningActivities planning,
    EvidenceActivities evidence,
    Map<String, RateLimit> limits) {

  public WorkerParts {
    limits = Map.copyOf(limits);
  }

  /**
   * As a deployed worker runs: the config's policy file (else the built-in policy), its operator
   * channel and its rate limits.
   *
   * @throws IllegalArgumentException a policy the connectors cannot run, or a malformed channel URL
   */
  public static WorkerParts fromConfig(
      WorkerConfig cfg, Connectors connectors, EvidenceStore evidence, Secrets secrets)
      throws IOException {
    var policy =
        cfg.policyFile() == null ? Policies.defaults() : Policies.read(Path.of(cfg.policyFile()));
    var planning =
        new PlanningActivitiesImpl(
            connectors,
            policy,
            cfg.policyFile() == null ? "built-in default policy" : cfg.policyFile(),
            operatorChannel(cfg, secrets));
    return new WorkerParts(
        connectors, planning, new EvidenceActivitiesImpl(evidence), TargetWiring.limits(cfg));
  }

  /** The built-in policy, operators told through the log: the demo's and the benchmark's worker. */
  public static WorkerParts withDefaultPolicy(
      Connectors connectors, EvidenceStore evidence, Map<String, RateLimit> limits) {
    return new WorkerParts(
        connectors,
        new PlanningActivitiesImpl(connectors, Policies.defaults(), "built-in default policy"),
        new EvidenceActivitiesImpl(evidence),
        limits);
  }

  /**
   * The configured operator channel; a malformed webhook URL is named, never printed (it is a
   * credential).
   */
  static OperatorChannel operatorChannel(WorkerConfig cfg, Secrets secrets) {
    if (cfg.operatorChannel() == null || cfg.operatorChannel().slackWebhookUrl() == null) {
      return OperatorChannel.log();
    }
    String url =
        secrets.resolve("operatorChannel.slackWebhookUrl", cfg.operatorChannel().slackWebhookUrl());
    try {
      java.net.URI uri = java.net.URI.create(url);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return OperatorChannel.slackWebhook(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          cfg.source()
              + ": operatorChannel.slackWebhookUrl is not a URL"
              + " (its value is not shown: it is a credential)");
    }
  }
}
