package dev.leaver.starter;

import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Starts one offboarding per employee. The workflow id is {@code offboarding-<employeeId>}, so a
 * duplicate event finds the run that exists instead of starting a second one.
 */
public final class OffboardingStarter {
  /** Memo key holding the HR event id a run was started for. */
  public static final String HR_EVENT_ID_MEMO = "hrEventId";

  private final WorkflowClient client;

  public OffboardingStarter(WorkflowClient client) {
    this.client = client;
  }

  /** What a start did. */
  public record Started(String workflowId, String runId, boolean duplicate) {}

  /**
   * Starts the offboarding, or reports the run that already exists for this employee (running, or
   * closed and still within the namespace's retention).
   */
  public Started start(OffboardingRequest request) {
    return start(request, false);
  }

  /**
   * Starts the offboarding; with {@code afterClosedRun} also when a closed run holds the id (a
   * termination after a rescinded or completed one: the caller has decided it is a new one).
   */
  public Started start(OffboardingRequest request, boolean afterClosedRun) {
    String id = WorkflowIds.forRequest(request);
    WorkflowOptions options = options(request);
    if (afterClosedRun) {
      options =
          WorkflowOptions.newBuilder(options)
              .setWorkflowIdReusePolicy(
                  WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
              .build();
    }
    OffboardingWorkflow wf = client.newWorkflowStub(OffboardingWorkflow.class, options);
    try {
      var execution = WorkflowClient.start(wf::offboard, request);
      return new Started(id, execution.getRunId(), false);
    } catch (WorkflowExecutionAlreadyStarted e) {
      return new Started(id, e.getExecution().getRunId(), true);
    }
  }

  public static WorkflowOptions options(OffboardingRequest r) {
    io.temporal.common.SearchAttributes.Builder attributes =
        io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.EMPLOYEE_ID, r.employeeId())
            .set(
                SearchAttributes.EFFECTIVE_AT,
                OffsetDateTime.ofInstant(r.effectiveAt(), ZoneOffset.UTC))
            // What the run would otherwise upsert in its first task: set at start, it is no billed
            // action.
            .set(SearchAttributes.PHASE, Phase.RESOLVING.name())
            .set(SearchAttributes.NEEDS_ATTENTION, false);
    if (r.held()) {
      // Findable as held from the start, before the run has resolved accounts and says so itself.
      attributes.set(SearchAttributes.HELD, true);
    }
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.forRequest(r))
        .setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setTypedSearchAttributes(attributes.build())
        // The intake compares a new event with the run's (a redelivery after the run closed).
        .setMemo(r.hrEventId() == null ? null : java.util.Map.of(HR_EVENT_ID_MEMO, r.hrEventId()))
        // Employee id only: summaries are not encrypted by a codec-less setup and show in the UI.
        .setStaticSummary(
            "Offboarding "
                + r.employeeId()
                + (r.dryRun() ? " (dry run)" : "")
                + " · effective "
                + r.effectiveAt()
                + " ("
                + r.zone()
                + ") · source "
                + r.source())
        .setStaticDetails(
            "HR event `"
                + r.hrEventId()
                + "` at "
                + r.hrEventAt()
                + (r.involuntary() ? " · involuntary" : ""))
        .build();
  }
}
