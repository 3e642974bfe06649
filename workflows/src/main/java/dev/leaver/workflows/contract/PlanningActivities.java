package dev.leaver.workflows.contract;

import dev.leaver.workflows.api.OffboardingRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Loads the policy and turns it into a plan, so no configuration is read in workflow code. */
@ActivityInterface(namePrefix = "leaver.")
public interface PlanningActivities {
  /**
   * @param request the offboarding request
   * @return the steps the policy asks for, in order, using only actions the connectors offer
   */
  @ActivityMethod(name = "Plan")
  OffboardingPlan plan(OffboardingRequest request);

  /**
   * Tells the operators something they must read, on the channel the worker is configured with (a
   * Slack incoming webhook; the log otherwise): what a notification-only run would have changed.
   *
   * @param employeeId the run's employee, never an address
   * @param text what to say
   */
  @ActivityMethod(name = "TellOperators")
  void tellOperators(String employeeId, String text);
}
