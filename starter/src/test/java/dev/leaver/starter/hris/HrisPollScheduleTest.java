package dev.leaver.starter.hris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.workflows.contract.TaskQueues;
import dev.leaver.workflows.poll.HrisPollRequest;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The schedule's definition; creating and updating it runs on the dev server (worker module). */
class HrisPollScheduleTest {

  @Test
  void workdayPollsEveryFifteenMinutesOnTheControlQueueSkippingOverlaps() {
    Schedule s = HrisPollSchedule.workday().schedule();

    var action = (ScheduleActionStartWorkflow) s.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("HrisPoll");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("leaver-workday-poll");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo(TaskQueues.HRIS_POLL);
    assertThat(action.getArguments().get(0, HrisPollRequest.class))
        .isEqualTo(new HrisPollRequest("workday", Duration.ofDays(1)));
    assertThat(s.getSpec().getIntervals())
        .containsExactly(new ScheduleIntervalSpec(Duration.ofMinutes(15)));
    assertThat(s.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(s.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anIntervalUnderAMinuteIsRefused() {
    assertThatThrownBy(() -> HrisPollSchedule.workday(Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
