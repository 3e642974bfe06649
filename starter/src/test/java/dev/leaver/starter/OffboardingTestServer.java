package dev.leaver.starter;

import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.contract.TaskQueues;
import dev.leaver.workflows.workflow.FakeEvidence;
import dev.leaver.workflows.workflow.FakePlanning;
import dev.leaver.workflows.workflow.FakeTenant;
import dev.leaver.workflows.workflow.HrCancellationRecordImpl;
import dev.leaver.workflows.workflow.OffboardingWorkflowImpl;
import io.temporal.activity.DynamicActivity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;

/**
 * Temporal's test server running the real offboarding workflow on the queues the starter uses, with
 * the connectors faked by a {@link FakeTenant}: for tests of what HR events do to runs.
 */
public final class OffboardingTestServer {
  private OffboardingTestServer() {}

  /** A server with Leaver's search attributes and workers registered; the caller starts it. */
  public static TestWorkflowEnvironment create(FakeTenant tenant) {
    return create(tenant, TestEnvironmentOptions.getDefaultInstance());
  }

  /**
   * As {@link #create(FakeTenant)}, with the options given, e.g. without time skipping for tests
   * that compare HR times with the server's clock while runs wait for days.
   */
  public static TestWorkflowEnvironment create(FakeTenant tenant, TestEnvironmentOptions options) {
    return create((DynamicActivity) tenant, options);
  }

  /** As above, with any stand-in for the connectors (e.g. one that holds some calls back). */
  public static TestWorkflowEnvironment create(
      DynamicActivity tenant, TestEnvironmentOptions options) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options);
    SearchAttributes.CLI_TYPES.forEach(
        (name, type) ->
            env.registerSearchAttribute(
                name,
                switch (type) {
                  case "Keyword" -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
                  case "Bool" -> IndexedValueType.INDEXED_VALUE_TYPE_BOOL;
                  case "Datetime" -> IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
                  default ->
                      throw new IllegalArgumentException("unknown search attribute type " + type);
                }));
    var control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(
        OffboardingWorkflowImpl.class, HrCancellationRecordImpl.class);
    control.registerActivitiesImplementations(new FakePlanning(), new FakeEvidence());
    for (String system : List.of("entra", "slack")) {
      env.newWorker(TaskQueues.killSwitch(system)).registerActivitiesImplementations(tenant);
      env.newWorker(TaskQueues.cleanup(system)).registerActivitiesImplementations(tenant);
      env.newWorker(TaskQueues.reads(system)).registerActivitiesImplementations(tenant);
    }
    return env;
  }
}
